import { groupByCluster } from './group-by-cluster.ts';

/** RE2 metacharacters, escaped so a cluster name matches itself only. */
const REGEX_META = /[.*+?^${}()|[\]\\]/g;

/**
 * The wave's PromQL: `$clusters` becomes the matcher `<clusterTag>=~"a|b"` (anchored by Prometheus)
 * and every aggregation keeps the cluster label, so one `query_range` answers for the whole wave.
 */
export function clusterQuery(query: string, clusters: readonly string[], clusterTag: string): string {
  if (!query.includes('$clusters')) {
    throw new Error(
      `metric query ${JSON.stringify(query)} has no $clusters; put it in the selector, e.g. rate(http_requests_total{$clusters}[5m])`,
    );
  }
  const alternatives = clusters.map((name) => name.replace(REGEX_META, '\\$&')).join('|');
  // Inside a PromQL double-quoted string, backslashes and quotes are escaped once more.
  const matcher = `${clusterTag}=~"${alternatives.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return groupByCluster(query.replaceAll('$clusters', matcher), clusterTag);
}
