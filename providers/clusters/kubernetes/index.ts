import { CoreV1Api } from '@kubernetes/client-node';
import type { Fleet } from '../../../config/fleet.ts';
import type { Clusters } from '../../../src/ports/clusters.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { rememberEachSuccess } from '../../../src/util/remember-success.ts';
import { type RetryDeps, withRetry } from '../../../src/util/with-retry.ts';
import { createEksAccess, type EksAccess, type TokenTarget } from '../../aws/eks-access.ts';
import { apiStatus } from './api-status.ts';
import { appliedStatus } from './applied.ts';
import { classifyKubernetesFailure } from './classify-failure.ts';
import { recentEvents } from './events.ts';
import { clusterError } from './failure-reason.ts';
import { type ClusterConfig, createKubeConfigs } from './kube-configs.ts';
import { listObjects } from './list-objects.ts';
import { type RestartOutcome, restartWorkloads } from './restart.ts';
import { workloadStatuses } from './workloads.ts';

export interface KubernetesClustersDeps {
  fleet: Pick<Fleet, 'clusters'>;
  /** Kubeconfig file for `kubeconfig:` clusters without their own `path` (default: `KUBECONFIG`, `~/.kube/config`). */
  kubeconfig?: string;
  /** Token source for `eks:` clusters instead of STS signing; it is asked on every call, so it must cache. */
  tokenFor?: (target: TokenTarget) => Promise<{ token: string }>;
  /** AWS side of `eks:` clusters (default: STS AssumeRole over the default chain, EKS DescribeCluster). */
  eks?: EksAccess;
  /** Epoch milliseconds (default `Date.now`): token ages and restart times. */
  clock?: () => number;
  /** Workloads restarted at once per call (default 2). */
  concurrency?: number;
  /** The one retry policy's waits, jitter and hooks. */
  retry?: RetryDeps;
}

/** The Clusters port with one optional argument more: the idempotency marker of `restart`. */
export interface KubernetesClusters extends Clusters {
  /**
   * `after` (epoch ms): skip workloads already restarted at or after it, so rerunning the same
   * after-applied action restarts nothing twice. Without it every named workload restarts.
   */
  restart(
    cluster: string,
    namespace: string,
    names: readonly string[],
    opts?: { after?: number },
  ): Promise<void>;
  /** `restart`, reporting which workloads it restarted and which it left alone. */
  restartDetailed(
    cluster: string,
    namespace: string,
    names: readonly string[],
    opts?: { after?: number },
  ): Promise<RestartOutcome[]>;
}

/** Clusters over the Kubernetes API: kubeconfig contexts and EKS (STS-signed bearer tokens). */
export function createKubernetesClusters(deps: KubernetesClustersDeps): KubernetesClusters {
  const clock = deps.clock ?? Date.now;
  const eks = deps.eks ?? createEksAccess({ clock, ...(deps.retry && { retry: deps.retry }) });
  const configFor = createKubeConfigs({
    fleet: deps.fleet,
    kubeconfig: deps.kubeconfig,
    eks,
    tokenFor: deps.tokenFor,
  });
  const crdVersions = rememberEachSuccess<string>();
  const classify = classifyKubernetesFailure(clock);
  const retrying = <T>(cluster: string, call: () => Promise<T>) =>
    withRetry(call, { ...deps.retry, client: 'kubernetes', what: cluster, classify });

  /**
   * Runs `fn` with the cluster's config under the one retry policy (every call in it is a read or
   * an idempotent patch, so a transient fault retries the whole of it); failures come back as one
   * explained Error, a long limit as the RateLimitedError it is.
   */
  const withCluster = async <T>(cluster: string, fn: (c: ClusterConfig) => Promise<T>): Promise<T> => {
    let c: ClusterConfig | undefined;
    try {
      c = await configFor(cluster);
      const config = c;
      return await retrying(cluster, () => fn(config));
    } catch (err) {
      if (err instanceof RateLimitedError) throw err;
      throw clusterError(c ?? { cluster, who: 'GUARD' }, err);
    }
  };

  const restartDetailed: KubernetesClusters['restartDetailed'] = (cluster, namespace, names, opts = {}) =>
    withCluster(cluster, (c) =>
      restartWorkloads(c.kc, {
        namespace,
        names,
        now: clock(),
        after: opts.after,
        concurrency: deps.concurrency ?? 2,
      }),
    );

  return {
    apiStatus: (cluster) =>
      apiStatus(
        () => configFor(cluster),
        cluster,
        (call) => retrying(cluster, call),
      ),
    notReadyNodes: (cluster) =>
      withCluster(cluster, async (c) => {
        const nodes = await c.kc.makeApiClient(CoreV1Api).listNode();
        return nodes.items
          .filter((n) => n.status?.conditions?.find((x) => x.type === 'Ready')?.status !== 'True')
          .map((n) => n.metadata?.name ?? '(unnamed)');
      }),
    workloads: (cluster, namespace, names) =>
      withCluster(cluster, (c) => workloadStatuses(c.kc, namespace, names)),
    applied: (cluster, release, version) =>
      withCluster(cluster, (c) => {
        const versionOf = (group: string, ask: () => Promise<string>) =>
          crdVersions(`${cluster}\n${group}`, ask);
        return appliedStatus(c.kc, versionOf, release, version);
      }),
    list: (cluster, query) => withCluster(cluster, (c) => listObjects(c.kc, query)),
    restart: async (cluster, namespace, names, opts) => {
      await restartDetailed(cluster, namespace, names, opts);
    },
    restartDetailed,
    events: (cluster, query) => withCluster(cluster, (c) => recentEvents(c.kc, query)),
  };
}
