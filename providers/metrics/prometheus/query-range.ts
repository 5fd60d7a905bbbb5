import type { Point, SeriesQuery } from '../../../src/ports/metrics.ts';
import { clusterQuery } from './cluster-query.ts';
import type { PrometheusApi } from './prometheus-api.ts';

interface MatrixSeries {
  metric?: Record<string, string>;
  values?: Array<[number, string]>;
}

/**
 * One `query_range` for the wave, ending no later than now (a later end would repeat the last
 * sample). Series come back keyed by the cluster label; two series for one cluster mean the query
 * keeps another label apart, which is an error that says how to aggregate.
 */
export async function queryRange(
  api: PrometheusApi,
  clusterTag: string,
  now: number,
  input: SeriesQuery,
): Promise<Map<string, Point[]>> {
  if (input.clusters.length === 0) return new Map();
  const query = clusterQuery(input.query, input.clusters, clusterTag);
  const start = input.from / 1000;
  const end = Math.min(input.to, now) / 1000;
  if (end < start) return new Map();
  const form = {
    query,
    start: String(start),
    end: String(end),
    step: String(Math.max(input.stepMs, 1) / 1000),
  };
  const data = (await api('/api/v1/query_range', form, `the query ${JSON.stringify(query)}`)) as {
    resultType?: string;
    result?: MatrixSeries[];
  };
  return byCluster(data.result ?? [], clusterTag, new Set(input.clusters), [start, end], query);
}

function byCluster(
  result: MatrixSeries[],
  clusterTag: string,
  wanted: ReadonlySet<string>,
  [start, end]: [number, number],
  query: string,
): Map<string, Point[]> {
  const series = new Map<string, Point[]>();
  for (const item of result) {
    const cluster = item.metric?.[clusterTag];
    if (cluster === undefined || !wanted.has(cluster)) continue;
    if (series.has(cluster)) {
      throw new Error(
        `the query ${JSON.stringify(query)} returns several series for ${clusterTag}="${cluster}"; aggregate it, e.g. sum by (${clusterTag}) (…)`,
      );
    }
    const points = (item.values ?? [])
      .map(([t, v]): Point => [t, Number(v)])
      .filter(([t, v]) => Number.isFinite(v) && t >= start && t <= end);
    series.set(cluster, points);
  }
  return series;
}
