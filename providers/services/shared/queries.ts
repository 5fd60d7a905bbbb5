/**
 * Query-building helpers shared by the providers' default soak metrics.
 *
 * `$clusters` is GUARD's cluster filter for the wave (DESIGN section 6). Default metrics group by
 * `kube_cluster_name` themselves, because ratios and histograms must be grouped inside each term
 * (a `sum by` around a finished ratio cannot recover the per-cluster split). The label is the
 * fleet schema's default `clusterTag`; GUARD renames it to the fleet's own (src/verdicts/soak-metrics.ts).
 *
 * A soak judges "no series" as no evidence, never as zero, so a default query must answer 0 on a
 * healthy cluster rather than nothing: error counters that only appear with their first error are
 * anchored to a series that always exists (`promOrZero`, `ddComplement`).
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

/** PromQL per-cluster increase of a counter over `window`. */
export function promIncrease(metric: string, matchers: readonly string[] = [], window = '5m'): string {
  return promSum(`increase(${promSelector(metric, matchers)}[${window}])`);
}

/** PromQL per-cluster rate of a counter over five minutes. */
export function promRate(metric: string, matchers: readonly string[] = []): string {
  return promSum(`rate(${promSelector(metric, matchers)}[5m])`);
}

/**
 * `sparse` per cluster, or 0 where the cluster has `anchor` but no `sparse` series yet: a labelled
 * counter (`…{type="cds_senderr"}`) is only exported after its first increment.
 */
export function promOrZero(sparse: string, anchor: string): string {
  return `(${sparse} or 0 * ${anchor})`;
}

/** PromQL share of `part` in `whole` per cluster; 0, not absent, when `part` has no series. */
export function promShare(part: string, whole: string): string {
  return `${promOrZero(part, whole)} / ${whole}`;
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

/** A Datadog count metric summed per cluster, as the count in each rollup bucket. */
export function ddCount(metric: string, tags: readonly string[] = []): string {
  return `${ddQuery('sum', metric, tags)}.as_count()`;
}

/**
 * What a cumulative Datadog gauge (a kubelet restart counter, an OpenMetrics V1 histogram `.sum`)
 * grew by in each rollup bucket: each series' newest value per bucket, summed per cluster, then
 * the positive difference between buckets.
 */
export function ddIncrease(metric: string, tags: readonly string[] = []): string {
  return `monotonic_diff(${ddQuery('sum', metric, tags)}.rollup(max))`;
}

/**
 * Datadog has no `or` to fill an absent group with 0, so a sparse count is computed as its
 * complement: `all - rest`, where `rest` excludes each of the sparse tag values (`NOT …`). Both
 * terms exist whenever the cluster reports the metric at all, so a healthy cluster answers 0.
 */
export function ddComplement(
  metric: string,
  excluded: readonly string[],
  tags: readonly string[] = [],
): string {
  const rest = [...tags, ...excluded.map((term) => `NOT ${term}`)];
  return `${ddCount(metric, tags)} - ${ddCount(metric, rest)}`;
}

/** Datadog share of the `excluded` tag values in a count metric per cluster, as a fraction. */
export function ddShare(metric: string, excluded: readonly string[], tags: readonly string[] = []): string {
  return `(${ddComplement(metric, excluded, tags)}) / ${ddCount(metric, tags)}`;
}

/** Datadog tag filter matching any of `values` for `tag`, e.g. `(kube_deployment:a OR kube_deployment:b)`. */
export function ddAnyOf(pairs: readonly (readonly [string, string])[]): string {
  const terms = pairs.map(([tag, value]) => `${tag}:${value}`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}
