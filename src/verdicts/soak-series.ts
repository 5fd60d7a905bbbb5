import type { Metrics, Point } from '../ports/metrics.ts';
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
    return { spec, fromMs, error };
  }
}

/**
 * Per cluster, the times it reported anything, over the metrics fetched for the same range (a
 * metric whose stored baseline spared it the baseline query has another range, and with Datadog
 * possibly another rollup, so it is not mixed in).
 */
export function aliveByRange(fetched: readonly FetchedSpec[], clusters: readonly string[]) {
  const byRange = new Map<number, Map<string, number[]>>();
  for (const fromMs of new Set(fetched.map((f) => f.fromMs))) {
    const same = fetched.filter((f) => f.fromMs === fromMs && !('error' in f));
    const alive = new Map<string, number[]>();
    for (const c of clusters) {
      alive.set(
        c,
        aliveTimes(same.flatMap((f) => ('error' in f ? [] : [f.series.get(c), f.volume?.get(c)]))),
      );
    }
    byRange.set(fromMs, alive);
  }
  return (fromMs: number, cluster: string): number[] => byRange.get(fromMs)?.get(cluster) ?? [];
}
