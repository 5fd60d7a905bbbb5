import type { Metrics, Point } from '../ports/metrics.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { aliveTimes } from './absent-zero.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { StoredBaseline } from './stored-baseline.ts';

/** The tick's clock: query step, baseline reach, where windows end and where the soak window starts. */
export interface Timing {
  stepMs: number;
  lookbackMs: number;
  toMs: number;
  soakFromMs: number;
}

/** One metric's answers for the wave and its controls, or why there are none. */
export type FetchedSpec =
  | {
      spec: MetricSpec;
      fromMs: number;
      needBaseline: boolean;
      series: Map<string, readonly Point[]>;
      volume?: Map<string, readonly Point[]>;
    }
  | { spec: MetricSpec; fromMs: number; error: unknown };

/**
 * One query per metric (and one for a ratio's volume) for every cluster at once. The baseline is
 * queried again only when the stored one lacks this metric or a cluster; otherwise only the soak.
 */
export async function fetchSpec(
  metrics: Metrics,
  spec: MetricSpec,
  clusters: string[],
  mergedAtMs: number,
  timing: Timing,
  stored: StoredBaseline | undefined,
): Promise<FetchedSpec> {
  const known = stored?.metrics[spec.name];
  const needBaseline = !known || clusters.some((c) => !known[c]);
  const fromMs = needBaseline ? mergedAtMs - timing.lookbackMs : timing.soakFromMs - timing.stepMs;
  const query = (q: string) =>
    metrics.series({ query: q, clusters, from: fromMs, to: timing.toMs, stepMs: timing.stepMs });
  try {
    const [series, volume] = await Promise.all([
      query(spec.query ?? ''),
      spec.kind === 'ratio' && spec.volumeQuery ? query(spec.volumeQuery) : undefined,
    ]);
    return volume ? { spec, fromMs, needBaseline, series, volume } : { spec, fromMs, needBaseline, series };
  } catch (error) {
    // A rate limit ends the evaluation: it runs again after the wait rather than counting as no data.
    if (error instanceof RateLimitedError) throw error;
    return { spec, fromMs, error };
  }
}

/**
 * Per cluster, the times it reported anything, over the metrics fetched for the same range (a
 * metric whose stored baseline spared it the baseline query has another range, and with Datadog
 * possibly another rollup, so it is not mixed in). Computed on first use: only counts and error
 * ratios with missing points need it.
 */
export function aliveByRange(fetched: readonly FetchedSpec[]) {
  // By range, then cluster: no key string to build for each of the tick's thousands of lookups.
  const cache = new Map<number, { same: FetchedSpec[]; byCluster: Map<string, number[]> }>();
  return (fromMs: number, cluster: string): number[] => {
    let range = cache.get(fromMs);
    if (!range) {
      range = { same: fetched.filter((f) => f.fromMs === fromMs), byCluster: new Map() };
      cache.set(fromMs, range);
    }
    let times = range.byCluster.get(cluster);
    if (!times) {
      const series: (readonly Point[] | undefined)[] = [];
      for (const f of range.same)
        if (!('error' in f)) series.push(f.series.get(cluster), f.volume?.get(cluster));
      times = aliveTimes(series);
      range.byCluster.set(cluster, times);
    }
    return times;
  };
}
