import type { Fleet } from '../../config/fleet.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import type { Point, SeriesQuery } from '../../src/ports/metrics.ts';
import { createFakeMetrics, type FakeMetrics, type FakeSeries } from '../../test/fakes/metrics.ts';
import { createRng } from '../../test/support/trace-generator.ts';

/** A regression the demo injects: from `since`, the metric of `cluster` is `factor` times its level. */
export interface Regression {
  cluster: string;
  metric: string;
  factor: number;
  since: Date;
}

/**
 * Steady per-minute levels of promtail's soak metrics on a healthy cluster. Counts stay at zero
 * (restarts, crash loops) or a couple a minute (dropped entries: Loki rejects a few lines now and
 * then); throughputs carry 3% noise.
 */
const LEVELS: Record<string, { level: number; noise: 'poisson' | 'relative' | 'none' }> = {
  'container-restarts': { level: 0, noise: 'none' },
  crashloopbackoff: { level: 0, noise: 'none' },
  'dropped-entries': { level: 2, noise: 'poisson' },
  'sent-entries': { level: 1800, noise: 'relative' },
  'sent-bytes': { level: 450_000, noise: 'relative' },
};

/**
 * The Datadog backend of the demo: the fake metrics of the scenario tests, answering every soak
 * query of the fleet's service (the provider's defaults plus fleet.yaml `metrics:`) with
 * deterministic series, one point a minute, the same point whenever it is asked for again.
 * `regressions` is read at every query: the world adds to it while the demo runs.
 */
export function createSimulatedMetrics(
  fleet: Fleet,
  serviceName: string,
  regressions: readonly Regression[],
): FakeMetrics {
  const service = fleet.services[serviceName];
  const provider = service && serviceProviders.get(service.provider);
  if (!service || !provider) throw new Error(`the demo fleet has no service ${serviceName}`);
  const backend = fleet.metrics?.provider ?? 'datadog';
  const own = (service.metrics ?? []).flatMap((m) => (m.query ? [{ ...m, query: m.query }] : []));
  const soakMetrics = [...(provider.soakMetrics?.(service, backend) ?? []), ...own];
  const series: Record<string, FakeSeries> = {};
  for (const metric of soakMetrics) {
    series[metric.query] = (query) => seriesFor(metric.name, query, regressions);
  }
  return createFakeMetrics({ series, alerts: {} });
}

function seriesFor(
  metric: string,
  query: SeriesQuery,
  regressions: readonly Regression[],
): Record<string, readonly Point[]> {
  const first = Math.ceil(query.from / 60_000) * 60;
  const last = Math.floor(query.to / 60_000) * 60;
  const out: Record<string, Point[]> = {};
  for (const cluster of query.clusters) {
    const points: Point[] = [];
    for (let t = first; t <= last; t += 60) points.push([t, valueAt(metric, cluster, t, regressions)]);
    out[cluster] = points;
  }
  return out;
}

/** One metric's value for one cluster and minute: a pure function of them, so re-reads agree. */
export function valueAt(
  metric: string,
  cluster: string,
  sec: number,
  regressions: readonly Regression[] = [],
): number {
  const spec = LEVELS[metric] ?? { level: 1, noise: 'none' as const };
  const factor = regressions
    .filter((r) => r.metric === metric && r.cluster === cluster && sec * 1000 >= r.since.getTime())
    .reduce((f, r) => f * r.factor, 1);
  const rng = createRng(seedOf(`${metric}/${cluster}/${sec}`));
  const mean = spec.level * factor;
  if (spec.noise === 'poisson') return poisson(rng, mean);
  if (spec.noise === 'relative') return Math.round(mean * (1 + 0.03 * (rng() * 2 - 1)));
  return mean;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Knuth's method: the means here are small. */
function poisson(rng: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}
