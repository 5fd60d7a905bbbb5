import type { AppliedStatus } from '../ports/clusters.ts';
import { releaseRefOf } from '../prechecks/release-ref.ts';
import type { RolloutState, WaveCluster, WaveState } from '../rollout/model.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import type { FleetPorts } from './deps.ts';
import type { Logger } from './logger.ts';
import { providerContext, type RequestContext } from './wave-context.ts';

type Applied = 'applied' | 'pending' | 'failed';

/**
 * Whether each cluster of `wave` runs the versions it should: the target after a merge (`to`), or
 * the recorded previous versions after a rollback merge (`from`). After the target is applied
 * everywhere on a cluster, the provider's post-upgrade work (Istio's sidecar restarts) must be done
 * too before the cluster counts as applied. A cluster that cannot be asked counts as pending: the
 * rollout timeout, not a flaky API, decides when waiting has gone on too long.
 */
export async function appliedStatus(input: {
  ctx: RequestContext;
  ports: FleetPorts;
  state: RolloutState;
  wave: WaveState;
  target: 'to' | 'from';
  log: Logger;
}): Promise<Record<string, Applied>> {
  const { wave } = input;
  const results = await mapBounded(wave.clusters, 8, async (cluster) => {
    try {
      return [cluster.name, await clusterStatus(input, cluster)] as const;
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      input.log.warn({ cluster: cluster.name, err: (error as Error).message }, 'applied status unavailable');
      return [cluster.name, 'pending' as Applied] as const;
    }
  });
  return Object.fromEntries(results);
}

async function clusterStatus(
  input: Parameters<typeof appliedStatus>[0],
  cluster: WaveCluster,
): Promise<Applied> {
  const { ctx, ports, state, target } = input;
  const checks = new Map<string, Promise<AppliedStatus>>();
  for (const field of cluster.fields) {
    // A field with no GitOps object to ask (a Kustomize list) is judged by the soak's health checks.
    const release = releaseRefOf(field.resource);
    if (typeof release === 'string') continue;
    const version = target === 'to' ? field.to : field.from;
    const id = `${release.kind}/${release.namespace}/${release.name}@${version}`;
    if (!checks.has(id)) checks.set(id, ports.clusters.applied(cluster.name, release, version));
  }
  const statuses = await Promise.all(checks.values());
  if (statuses.some((s) => s.state === 'failed')) return 'failed';
  if (statuses.some((s) => s.state === 'pending')) return 'pending';
  if (target === 'from' || !ctx.provider.afterApplied) return 'applied';
  const from = cluster.fields[0]?.from;
  const pctx = providerContext(ctx, ports, state, cluster.name, from);
  if (!pctx) return 'applied';
  const after = await ctx.provider.afterApplied(pctx);
  return after.state === 'done' ? 'applied' : after.state;
}
