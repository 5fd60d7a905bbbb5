/**
 * Datadog tag values: letters, digits and `_ - : . /` (Datadog lower-cases the rest away). A cluster
 * name outside that set could change the meaning of the query it is spliced into, so it is refused.
 */
const TAG_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

/** A scope `{…}` that holds `$clusters`, with the `by {…}` that may follow it. */
const SCOPE = /\{([^{}]*\$clusters[^{}]*)\}(?:\s*by\s*\{([^{}]*)\})?/g;

const BOOLEAN_WORD = /\b(AND|OR|NOT|IN)\b/i;

/**
 * The wave's query: every scope holding `$clusters` narrowed to the wave's clusters
 * (`kube_cluster_name:a OR kube_cluster_name:b`) and grouped `by {<clusterTag>}`, so that one request
 * returns one series per cluster however many clusters the wave has. Sub-queries of an arithmetic
 * expression (`a{$clusters} / b{$clusters}`) are each scoped and grouped alike.
 */
export function scopeQuery(query: string, clusters: readonly string[], clusterTag: string): string {
  if (!query.includes('$clusters')) {
    throw new Error(
      `metric query ${JSON.stringify(query)} has no $clusters; put it in the scope, e.g. sum:my.metric{$clusters}`,
    );
  }
  for (const name of [clusterTag, ...clusters]) {
    if (!TAG_VALUE.test(name)) {
      throw new Error(
        `${JSON.stringify(name)} cannot be used in a Datadog tag filter; rename it to [A-Za-z0-9_.:/-]`,
      );
    }
  }
  const filter = clusters.map((name) => `${clusterTag}:${name}`).join(' OR ');
  return query.replace(SCOPE, (_whole, scope: string, groups: string | undefined) => {
    return `{${scopeWith(scope, filter)}} by {${groupWith(groups, clusterTag).join(',')}}`;
  });
}

/**
 * Datadog does not allow the symbolic filter syntax (`,` and `!`) beside the word operators the
 * cluster filter needs, so a comma scope is rewritten with AND / NOT.
 */
function scopeWith(scope: string, filter: string): string {
  if (BOOLEAN_WORD.test(scope.replaceAll('$clusters', '')))
    return scope.replaceAll('$clusters', `(${filter})`);
  const others = scope
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '' && term !== '*' && term !== '$clusters')
    .map((term) => (term.startsWith('!') ? `NOT ${term.slice(1)}` : term));
  return others.length === 0 ? filter : [...others, `(${filter})`].join(' AND ');
}

function groupWith(groups: string | undefined, clusterTag: string): string[] {
  const tags = (groups ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return tags.includes(clusterTag) ? tags : [...tags, clusterTag];
}

/** The largest interval (seconds) an explicit `.rollup(<aggregator>, <seconds>)` asks for, if any. */
export function explicitRollupSeconds(query: string): number | undefined {
  const intervals = [...query.matchAll(/\.rollup\(\s*\w+\s*,\s*(\d+)\s*\)/g)].map((m) => Number(m[1]));
  return intervals.length === 0 ? undefined : Math.max(...intervals);
}
