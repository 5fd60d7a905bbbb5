import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { compareSemVer, parseSemVer } from '../../../src/version/semver.ts';
import { containers, num, podReady, templateSpec } from '../shared/kube.ts';
import { imageVersion, terminating } from './proxy-versions.ts';

/** The Istio control plane's namespace: fleet.yaml `namespace`, else istio-system. */
export function istioNamespace(ctx: ProviderContext): string {
  return ctx.service.namespace ?? 'istio-system';
}

/** istiod Deployments (every revision) in the control-plane namespace. */
export function istiodDeployments(ctx: ProviderContext): Promise<KubeObject[]> {
  return ctx.clusters.list(ctx.cluster.name, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: istioNamespace(ctx),
    labelSelector: 'app=istiod',
  });
}

/** Version of istiod a Deployment or Pod runs, from its `discovery` container's image. */
export function istiodVersion(obj: KubeObject): string | undefined {
  const spec = obj.kind === 'Pod' || !obj.spec?.template ? obj.spec : templateSpec(obj);
  return imageVersion(containers(spec).find((c) => c.name === 'discovery')?.image);
}

export function sameVersion(a: string | undefined, b: string): boolean {
  const x = a ? parseSemVer(a) : undefined;
  const y = parseSemVer(b);
  return Boolean(x && y && compareSemVer(x, y) === 0);
}

/** The newest istiod version running, for "proxies not ahead of istiod". */
export function newestVersion(versions: readonly (string | undefined)[]): string | undefined {
  const parsed = versions.filter((v): v is string => Boolean(v && parseSemVer(v)));
  return parsed.sort((a, b) => compareSemVer(parseSemVer(b)!, parseSemVer(a)!))[0];
}

/** A Deployment has finished rolling out: observed, every replica updated and ready. */
export function deploymentReady(d: KubeObject): boolean {
  const observed = num(d.status, 'observedGeneration') >= (d.metadata.generation ?? 0);
  const want = typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1;
  return observed && num(d.status, 'updatedReplicas') >= want && num(d.status, 'readyReplicas') >= want;
}

/**
 * Whether istiod runs `version` and is ready, and since when: the earliest start of a ready istiod
 * pod at that version. A workload restarted after that moment already got the new sidecar.
 */
export async function istiodAt(
  ctx: ProviderContext,
  version: string,
): Promise<{ ready: false; reason: string } | { ready: true; since: number }> {
  const deploys = (await istiodDeployments(ctx)).filter((d) => sameVersion(istiodVersion(d), version));
  if (deploys.length === 0) return { ready: false, reason: `no istiod runs ${version} yet` };
  if (!deploys.some(deploymentReady))
    return { ready: false, reason: `istiod ${version} is still rolling out` };
  const pods = await ctx.clusters.list(ctx.cluster.name, {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: istioNamespace(ctx),
    labelSelector: 'app=istiod',
  });
  const starts = pods
    .filter((p) => !terminating(p) && podReady(p) && sameVersion(istiodVersion(p), version))
    .map((p) => Date.parse(String(p.status?.startTime)))
    .filter((t) => Number.isFinite(t));
  if (starts.length === 0) return { ready: false, reason: `no ready istiod pod runs ${version} yet` };
  return { ready: true, since: Math.min(...starts) };
}
