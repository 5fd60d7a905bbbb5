import type { Fleet, Service } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { ProviderContext, ServiceProvider } from '../ports/service-provider.ts';
import type { RolloutState, WaveState } from '../rollout/model.ts';
import type { WaveContext } from '../rollout/wave-checks.ts';
import type { FleetPorts } from './deps.ts';

/** A present request with what the engine derived from it. */
export interface RequestContext {
  fleet: Fleet;
  serviceName: string;
  service: Service;
  provider: ServiceProvider;
  request: UpgradeRequest;
}

export function strategyOf(ctx: RequestContext): string {
  return ctx.request.strategy ?? ctx.provider.strategies[0] ?? 'in-place';
}

/** What prechecks and the soak judge are told about a wave. */
export function waveContext(ctx: RequestContext, state: RolloutState, wave: WaveState): WaveContext {
  return {
    fleet: ctx.fleet,
    serviceName: ctx.serviceName,
    service: ctx.service,
    provider: ctx.provider,
    request: ctx.request,
    version: state.version,
    strategy: strategyOf(ctx),
    wave: { index: wave.index, count: state.waves.length, batch: wave.batch },
    clusters: wave.clusters,
  };
}

/** What a provider hook is told about one cluster of a wave. */
export function providerContext(
  ctx: RequestContext,
  ports: FleetPorts,
  state: RolloutState,
  clusterName: string,
  from: string | undefined,
): ProviderContext | undefined {
  const cluster = ctx.fleet.clusters.find((c) => c.name === clusterName);
  if (!cluster) return undefined;
  return {
    serviceName: ctx.serviceName,
    service: ctx.service,
    cluster,
    ...(from !== undefined ? { from } : {}),
    to: state.version,
    strategy: strategyOf(ctx),
    clusters: ports.clusters,
    ...(ports.metrics ? { metrics: ports.metrics } : {}),
  };
}

/** Not-yet-upgraded clusters of the wave's environments, from later waves: the soak's control group. */
export function controlClusters(state: RolloutState, wave: WaveState): string[] {
  const environments = new Set(wave.clusters.map((c) => c.environment));
  return state.waves
    .filter((w) => w.index > wave.index && w.phase === 'pending')
    .flatMap((w) => w.clusters.filter((c) => environments.has(c.environment)).map((c) => c.name));
}
