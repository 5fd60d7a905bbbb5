/**
 * Query-building helpers shared by the providers' default soak metrics.
 *
 * `$clusters` is GUARD's cluster filter for the wave (DESIGN section 6). Default metrics group by
 * `kube_cluster_name` themselves, because ratios and histograms must be grouped inside each term
 * (a `sum by` around a finished ratio cannot recover the per-cluster split). The label is the
 * fleet schema's default `clusterTag`; a fleet with another tag adds its own `metrics:`.
 */
export const CLUSTER_LABEL = 'kube_cluster_name';

/** PromQL `sum by (cluster) (inner)`. */
export function promSum(inner: string, extraLabels: readonly string[] = []): string {
  return `sum by (${[CLUSTER_LABEL, ...extraLabels].join(', ')}) (${inner})`;
}

/** PromQL selector: the wave filter plus `matchers` (already formatted `k="v"` pairs). */
export function promSelector(metric: string, matchers: readonly string[] = []): string {
  return `${metric}{${['$clusters', ...matchers].join(',')}}`;
}

/** PromQL p95 of a histogram's `_bucket` series, per cluster. */
export function promP95(bucketMetric: string, matchers: readonly string[] = []): string {
  return `histogram_quantile(0.95, ${promSum(`rate(${promSelector(bucketMetric, matchers)}[5m])`, ['le'])})`;
}

/**
 * Datadog query `agg:metric{scope} by {cluster}`. The wave filter is parenthesised so that it
 * combines with other tags whatever form (`a OR b`) it is expanded to.
 */
export function ddQuery(agg: string, metric: string, tags: readonly string[] = []): string {
  const scope = tags.length === 0 ? '$clusters' : ['($clusters)', ...tags].join(' AND ');
  return `${agg}:${metric}{${scope}} by {${CLUSTER_LABEL}}`;
}

/** Datadog tag filter matching any of `values` for `tag`, e.g. `(kube_deployment:a OR kube_deployment:b)`. */
export function ddAnyOf(pairs: readonly (readonly [string, string])[]): string {
  const terms = pairs.map(([tag, value]) => `${tag}:${value}`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}
