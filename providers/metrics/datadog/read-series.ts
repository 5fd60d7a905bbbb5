import type { v2 } from '@datadog/datadog-api-client';
import type { Point } from '../../../src/ports/metrics.ts';

export interface SeriesWindow {
  clusterTag: string;
  clusters: readonly string[];
  /** Epoch milliseconds: from inclusive, to exclusive, as the v2 API reads them. */
  from: number;
  to: number;
  /** The rollup asked for; Datadog may answer with a larger one for a long window. */
  intervalMs: number;
  /** Epoch milliseconds: a bucket that has not ended by now is incomplete and left out. */
  nowMs: number;
}

/**
 * One series per cluster from a v2 timeseries answer (`times`, one `values` row per series, the
 * series' `group_tags`). A series for a cluster outside the wave is ignored; two series for one
 * cluster mean the query groups by more than the cluster tag, which the soak cannot compare, so
 * that is an error naming the fix. Points come back as [epoch seconds, value].
 */
export function readSeries(
  answer: v2.TimeseriesResponseAttributes,
  window: SeriesWindow,
): Map<string, Point[]> {
  const wanted = new Set(window.clusters);
  const times = answer.times ?? [];
  const intervalMs = Math.max(window.intervalMs, answeredInterval(times));
  const result = new Map<string, Point[]>();
  (answer.series ?? []).forEach((series, index) => {
    const cluster = clusterOf(series.groupTags ?? [], window.clusterTag);
    if (cluster === undefined || !wanted.has(cluster)) return;
    if (result.has(cluster)) {
      throw new Error(
        `Datadog returned several series for ${window.clusterTag}:${cluster} (${(series.groupTags ?? []).join(',')}); group the query by {${window.clusterTag}} only`,
      );
    }
    const values = answer.values?.[index] ?? [];
    result.set(cluster, pointsOf(times, values, { ...window, intervalMs }));
  });
  return result;
}

function clusterOf(groupTags: readonly string[], clusterTag: string): string | undefined {
  const prefix = `${clusterTag}:`;
  return groupTags.find((tag) => tag.startsWith(prefix))?.slice(prefix.length);
}

/** The spacing of the answer's buckets, which is the rollup Datadog actually used. */
function answeredInterval(times: readonly number[]): number {
  let smallest = 0;
  for (let i = 1; i < times.length; i++) {
    const step = times[i]! - times[i - 1]!;
    if (step > 0 && (smallest === 0 || step < smallest)) smallest = step;
  }
  return smallest;
}

function pointsOf(
  times: readonly number[],
  values: ReadonlyArray<number | null>,
  window: SeriesWindow,
): Point[] {
  const points: Point[] = [];
  times.forEach((ms, i) => {
    const value = values[i];
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    if (ms < window.from || ms >= window.to || ms + window.intervalMs > window.nowMs) return;
    points.push([Math.floor(ms / 1000), value]);
  });
  return points;
}
