import {
  CLUSTER_TAG_SOURCES,
  DATADOG_FACTS,
  DATADOG_NO_DATA_WHEN_HEALTHY,
  PROMETHEUS_FACTS,
} from './metric-facts.ts';

const CLUSTER = 'kube_cluster_name';

/** One `agg:metric{scope} by {tags}.modifiers()` term of a Datadog classic query. */
interface DatadogTerm {
  agg: string;
  metric: string;
  filters: Array<{ tag: string; negated: boolean }>;
  groupBy: string[];
  modifiers: string[];
  wrappedIn: string | undefined;
}

const DD_TERM =
  /([a-z0-9_]+):([a-z][a-z0-9_.]*)\{([^{}]*)\}(?:\s*by\s*\{([^{}]*)\})?((?:\.[a-z_]+\([^()]*\))*)/gi;
const DD_FILTER = /(?:^|[\s(])(NOT\s+)?([a-z_][\w.\-/]*)(?::|\s+(?:NOT\s+)?IN\s*\()/gi;

export function datadogTerms(query: string): DatadogTerm[] {
  return [...query.matchAll(DD_TERM)].map((m) => {
    const scope = m[3]!.replaceAll('$clusters', '');
    return {
      agg: m[1]!,
      metric: m[2]!,
      filters: [...scope.matchAll(DD_FILTER)].map((f) => ({ tag: f[2]!, negated: Boolean(f[1]) })),
      groupBy: (m[4] ?? '').split(',').map((t) => t.trim()),
      modifiers: [...(m[5] ?? '').matchAll(/\.([a-z_]+)\(([^()]*)\)/gi)].map((x) => `${x[1]}(${x[2]})`),
      wrappedIn: /([a-z_]+)\($/i.exec(query.slice(0, m.index))?.[1],
    };
  });
}

/**
 * Everything wrong with one default Datadog query, measured against the published facts: unknown
 * metric, an aggregator or modifier its type does not support, a tag it does not carry, a cumulative
 * gauge read raw, a sparse filter not taken as a complement, or a lost cluster grouping.
 */
export function datadogProblems(id: string, query: string): string[] {
  const terms = datadogTerms(query);
  if (terms.length === 0) return [`${id}: no metric term in ${query}`];
  return terms.flatMap((term) => termProblems(id, term, terms));
}

function termProblems(id: string, term: DatadogTerm, all: DatadogTerm[]): string[] {
  const fact = DATADOG_FACTS[term.metric];
  if (!fact) return [`${id}: ${term.metric} is not a published metric`];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${id}: ${term.metric} ${text} (${fact.source})`);
  if (/^p\d+$/.test(term.agg) && fact.type !== 'distribution')
    say(`is a ${fact.type}; ${term.agg} needs a distribution`);
  const asCount = term.modifiers.some((m) => m === 'as_count()' || m === 'as_rate()');
  if (asCount && fact.type !== 'count' && fact.type !== 'rate')
    say(`is a ${fact.type}; .as_count()/.as_rate() apply to counts and rates`);
  if (fact.type === 'count' && !asCount) say('is a count; say .as_count() or .as_rate()');
  if (fact.cumulative && (term.wrappedIn !== 'monotonic_diff' || !term.modifiers.includes('rollup(max)')))
    say('is a running total; read it as monotonic_diff(….rollup(max))');
  if (!fact.cumulative && term.wrappedIn === 'monotonic_diff')
    say(`is a ${fact.type}, not a running total; no monotonic_diff`);
  if (!term.groupBy.includes(CLUSTER)) say(`is not grouped by {${CLUSTER}} (${CLUSTER_TAG_SOURCES.datadog})`);
  for (const { tag, negated } of term.filters) {
    if (tag !== CLUSTER && !fact.tags.includes(tag)) say(`carries no tag ${tag}`);
    const complement = all.some(
      (t) => t.metric === term.metric && t.filters.some((f) => f.tag === tag && f.negated),
    );
    if (!negated && fact.sparseTags?.includes(tag) && !complement)
      say(`has ${tag} values only after their first event; filter on ${tag} as a complement (all - NOT …)`);
  }
  if (fact.sparse && !DATADOG_NO_DATA_WHEN_HEALTHY[id])
    say(`is absent on a healthy cluster (${fact.sparse})`);
  return problems;
}

/** One `metric{matchers}` selector of a PromQL expression and the function applied to it. */
interface PromSelector {
  metric: string;
  labels: Array<{ name: string; positive: boolean }>;
  wrappedIn: string | undefined;
}

const PROM_SELECTOR = /([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^{}]*)\}/g;
const PROM_MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"/g;

export function promSelectors(query: string): PromSelector[] {
  return [...query.matchAll(PROM_SELECTOR)].map((m) => ({
    metric: m[1]!,
    labels: [...m[2]!.matchAll(PROM_MATCHER)].map((x) => ({
      name: x[1]!,
      positive: x[2] === '=' || x[2] === '=~',
    })),
    wrappedIn: /([a-z_]+)\($/.exec(query.slice(0, m.index))?.[1],
  }));
}

/** The same for a default PromQL query, against the exporters' published metric types and labels. */
export function prometheusProblems(id: string, query: string): string[] {
  const problems: string[] = [];
  const selectors = promSelectors(query);
  if (selectors.length === 0) problems.push(`${id}: no selector in ${query}`);
  for (const s of selectors) problems.push(...selectorProblems(id, query, s));
  for (const m of query.matchAll(/\b(sum|max|min|avg|count)\s*(by\s*\(([^)]*)\))?\s*\(/g)) {
    const labels = (m[3] ?? '').split(',').map((l) => l.trim());
    if (!labels.includes(CLUSTER)) problems.push(`${id}: ${m[0]} loses the cluster label ${CLUSTER}`);
  }
  return problems;
}

function selectorProblems(id: string, query: string, s: PromSelector): string[] {
  const histogram = s.metric.endsWith('_bucket') ? PROMETHEUS_FACTS[s.metric.slice(0, -7)] : undefined;
  const fact = histogram?.type === 'histogram' ? histogram : PROMETHEUS_FACTS[s.metric];
  if (!fact) return [`${id}: ${s.metric} is not a published metric`];
  const problems: string[] = [];
  const say = (text: string) => problems.push(`${id}: ${s.metric} ${text} (${fact.source})`);
  const overTime = s.wrappedIn === 'rate' || s.wrappedIn === 'increase';
  if (fact.type === 'counter' && !overTime) say('is a counter; read it through rate() or increase()');
  if (fact.type === 'gauge' && overTime) say(`is a gauge; ${s.wrappedIn}() is for counters`);
  if (fact.type === 'histogram') {
    if (!histogram) say('is a histogram; query its _bucket series');
    if (!/histogram_quantile\(0\.\d+, sum by \([^)]*\ble\b/.test(query) || !overTime)
      say('needs histogram_quantile(q, sum by (le, …) (rate(…_bucket[…])))');
  }
  if (!query.includes(`${s.metric}{$clusters`)) say('is not narrowed to the wave ($clusters)');
  for (const { name } of s.labels) if (!fact.labels.includes(name)) say(`has no label ${name}`);
  const sparse = fact.sparse ?? s.labels.find((l) => l.positive && fact.sparseLabels?.includes(l.name))?.name;
  if (sparse && !/ or 0 \* /.test(query))
    say(`can have no series on a healthy cluster (${sparse}); anchor it with "or 0 * …"`);
  return problems;
}
