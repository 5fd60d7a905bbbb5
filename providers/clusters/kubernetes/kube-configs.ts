import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Fleet } from '../../../config/fleet.ts';
import type { EksAccess, TokenTarget } from '../../aws/eks-access.ts';
import type { Identity } from './failure-reason.ts';

/** A client configuration for one cluster and who GUARD is there. */
export interface ClusterConfig extends Identity {
  kc: KubeConfig;
}

export interface KubeConfigsDeps {
  fleet: Pick<Fleet, 'clusters'>;
  /** Default kubeconfig file for `kubeconfig:` clusters without `path` (default: `KUBECONFIG` / `~/.kube/config`). */
  kubeconfig?: string;
  /** Endpoint, CA and tokens for `eks:` clusters. */
  eks: EksAccess;
  /** Overrides `eks.token` (tests, or another signer); called on every use, so it must cache. */
  tokenFor?: (target: TokenTarget) => Promise<{ token: string }>;
}

/**
 * KubeConfig per cluster. `kubeconfig:` clusters load the file once and select the context; `eks:`
 * clusters get a config built from endpoint, CA and a bearer token, rebuilt whenever the token
 * source hands out a new token (it refreshes at most every 10 minutes).
 */
export function createKubeConfigs(deps: KubeConfigsDeps): (cluster: string) => Promise<ClusterConfig> {
  const byName = new Map(deps.fleet.clusters.map((c) => [c.name, c]));
  const fromFile = new Map<string, ClusterConfig>();
  const fromEks = new Map<string, { token: string; config: ClusterConfig }>();
  const tokenFor = deps.tokenFor ?? ((t: TokenTarget) => deps.eks.token(t));

  const eksConfig = async (c: Cluster, eks: NonNullable<Cluster['eks']>): Promise<ClusterConfig> => {
    const region = eks.region ?? c.region;
    if (!region) throw new Error(`cluster ${c.name}: set eks.region or region in guard/fleet.yaml`);
    const target = { cluster: eks.name, region, roleArn: eks.roleArn };
    const [{ endpoint, caData }, { token }] = await Promise.all([
      deps.eks.endpoint({ ...target, endpoint: eks.endpoint, caData: eks.caData }),
      tokenFor(target),
    ]);
    const known = fromEks.get(c.name);
    if (known?.token === token) return known.config;
    const config = {
      cluster: c.name,
      who: eks.roleArn ? `role ${eks.roleArn}` : 'the default AWS identity',
      kc: eksKubeConfig(c.name, endpoint, caData, token),
    };
    fromEks.set(c.name, { token, config });
    return config;
  };

  return async (name) => {
    const c = byName.get(name);
    if (!c) throw new Error(`cluster ${name} is not in guard/fleet.yaml`);
    if (c.eks) return eksConfig(c, c.eks);
    if (!c.kubeconfig) throw new Error(`cluster ${name}: give it eks: or kubeconfig: in guard/fleet.yaml`);
    let config = fromFile.get(name);
    if (!config) {
      config = {
        cluster: name,
        who: `kubeconfig context ${c.kubeconfig.context}`,
        kc: contextConfig(name, c.kubeconfig.context, c.kubeconfig.path ?? deps.kubeconfig),
      };
      fromFile.set(name, config);
    }
    return config;
  };
}

function contextConfig(cluster: string, context: string, path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getContextObject(context)) {
    throw new Error(
      `cluster ${cluster}: context ${context} is not in the kubeconfig ${path ?? '(KUBECONFIG)'}; add it or fix kubeconfig.context`,
    );
  }
  kc.setCurrentContext(context);
  return kc;
}

function eksKubeConfig(name: string, server: string, caData: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server, caData: caData.replace(/\s+/g, ''), skipTLSVerify: false }],
    users: [{ name: 'guard', token }],
    contexts: [{ name, cluster: name, user: 'guard' }],
    currentContext: name,
  });
  return kc;
}
