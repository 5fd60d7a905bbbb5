import type { v1 } from '@datadog/datadog-api-client';
import type { Point } from '../../../src/ports/metrics.ts';

export interface SeriesWindow {
  clusterTag: string;
  clusters: readonly string[];
  /** Epoch seconds, inclusive. */
  fromS: number;
  toS: number;
  /** Epoch milliseconds: a bucket that has not ended by now is incomplete and left out. */
  nowMs: number;
}

/**
 * One series per cluster from a grouped `/api/v1/query` answer. A series for a cluster outside the
 * wave is ignored; two series for one cluster mean the query groups by more than the cluster tag,
 * which the soak cannot compare, so that is an error naming the fix.
 */
export function readSeries(response: v1.MetricsQueryResponse, window: SeriesWindow): Map<string, Point[]> {
  const wanted = new Set(window.clusters);
  const result = new Map<string, Point[]>();
  for (const series of response.series ?? []) {
    const cluster = clusterOf(series, window.clusterTag);
    if (cluster === undefined || !wanted.has(cluster)) continue;
    if (result.has(cluster)) {
      throw new Error(
        `Datadog returned several series for ${window.clusterTag}:${cluster} (${series.scope}); group the query by {${window.clusterTag}} only`,
      );
    }
    result.set(cluster, pointsOf(series, window));
  }
  return result;
}

function clusterOf(series: v1.MetricsQueryMetadata, clusterTag: string): string | undefined {
  const prefix = `${clusterTag}:`;
  const tags = series.tagSet?.length ? series.tagSet : (series.scope ?? '').split(',');
  return tags.find((tag) => tag.startsWith(prefix))?.slice(prefix.length);
}

function pointsOf(series: v1.MetricsQueryMetadata, window: SeriesWindow): Point[] {
  const intervalMs = (series.interval ?? 0) * 1000;
  const points: Point[] = [];
  for (const [ms, value] of series.pointlist ?? []) {
    if (value === null || !Number.isFinite(value) || ms + intervalMs > window.nowMs) continue;
    const seconds = Math.floor(ms / 1000);
    if (seconds >= window.fromS && seconds <= window.toS) points.push([seconds, value]);
  }
  return points;
}
