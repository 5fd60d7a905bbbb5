import type { ExplorerLink } from '../../../src/ports/metrics.ts';
import { clusterQuery } from './cluster-query.ts';

/**
 * Prometheus's own graph page for an expression over the hour (or window) ending at `to`: the
 * `g0.*` parameters its UI reads and writes (prometheus/prometheus
 * web/ui/react-app/src/utils/index.ts: expr, tab 0 = graph, range_input, end_input and
 * moment_input as `YYYY-MM-DD HH:mm:ss` UTC).
 */
export function graphUrl(baseUrl: string, expr: string, from: number, to: number): string {
  const end = new Date(to).toISOString().replace('T', ' ').slice(0, 19);
  const minutes = Math.max(1, Math.round((to - from) / 60_000));
  const range = minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
  const params = [
    ['g0.expr', expr],
    ['g0.tab', '0'],
    ['g0.stacked', '0'],
    ['g0.range_input', range],
    ['g0.end_input', end],
    ['g0.moment_input', end],
  ].map(([k, v]) => `${k}=${encode(v!)}`);
  return `${baseUrl}/graph?${params.join('&')}`;
}

/** The soak query as GUARD ran it for `clusters`, on the graph page. */
export function explorerUrl(baseUrl: string, clusterTag: string, link: ExplorerLink): string | undefined {
  if (link.clusters.length === 0 || !link.query.includes('$clusters')) return undefined;
  return graphUrl(baseUrl, clusterQuery(link.query, link.clusters, clusterTag), link.from, link.to);
}

/** Percent-encoding that also covers `( ) ' ! *`: a markdown link ends at the first bare `)`. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[()'!*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
