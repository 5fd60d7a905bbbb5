/**
 * The query side of the fake Datadog: the tag-filter grammar of a metric query's scope
 * (docs.datadoghq.com/metrics/advanced-filtering: AND, OR, NOT, IN, NOT IN, parentheses, `*`
 * wildcards, and the older `a:b,!c:d` comma form), per-bucket space aggregation, and formula
 * arithmetic with the functions GUARD's queries use. Whatever it cannot read it refuses, as Datadog
 * does, so a malformed default query fails the tests that send it.
 */

export interface FakeSeries {
  metric: string;
  tags: readonly string[];
  value: number;
}

/** One group of one evaluated expression: its group tags and a value (or null) per bucket. */
export interface Group {
  tags: string[];
  values: Array<number | null>;
}

export class QueryError extends Error {}

const METRIC_QUERY =
  /^(?:([a-z][a-z0-9_]*):)?([a-z][\w.]*)\{([^{}]*)\}(?:\s*by\s*\{([^{}]*)\})?((?:\.[a-z_]+\([^()]*\))*)$/i;

/** Evaluates one `agg:metric{scope} by {tags}.modifiers()` query over `times` (ms buckets). */
export function evaluateMetricQuery(
  query: string,
  store: readonly FakeSeries[],
  times: readonly number[],
): Group[] {
  const match = METRIC_QUERY.exec(query.trim());
  if (!match) throw new QueryError(`Error parsing query: unable to parse ${query}`);
  const [, agg = 'avg', metric, scope, by = ''] = match as unknown as string[];
  const filter = parseScope(scope!);
  const groupBy = by
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const groups = new Map<string, { tags: string[]; values: number[] }>();
  for (const series of store) {
    if (series.metric !== metric || !filter(new Set(series.tags.map((t) => t.toLowerCase())))) continue;
    const tags = groupBy.map((key) =>
      series.tags.find((t) => t.toLowerCase().startsWith(`${key.toLowerCase()}:`)),
    );
    if (tags.some((t) => t === undefined)) continue;
    const key = tags.join(',');
    const group = groups.get(key) ?? { tags: tags as string[], values: [] };
    group.values.push(series.value);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    tags: g.tags,
    values: times.map(() => aggregate(agg!, g.values)),
  }));
}

function aggregate(agg: string, values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  if (agg === 'sum') return sum;
  if (agg === 'avg') return sum / values.length;
  if (agg === 'min') return sorted[0]!;
  if (agg === 'max') return sorted.at(-1)!;
  if (agg === 'count') return values.length;
  const percentile = /^p(\d+)$/.exec(agg);
  if (percentile)
    return sorted[Math.min(sorted.length - 1, Math.ceil((Number(percentile[1]) / 100) * sorted.length) - 1)]!;
  throw new QueryError(`Error parsing query: unknown aggregator ${agg}`);
}

/** A predicate over a series' tags, lower-cased (Datadog compares tags case-insensitively). */
type Filter = (tags: ReadonlySet<string>) => boolean;

/** A scope's boolean tag filter as a predicate over a series' tags. */
export function parseScope(scope: string): Filter {
  const tokens = scope.match(/\(|\)|,|!|[^\s(),!]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const word = (w: string) => peek()?.toUpperCase() === w;
  const fail = (why: string): never => {
    throw new QueryError(`Error parsing query: ${why} in {${scope}}`);
  };
  const expect = (t: string) => (tokens[at++] === t ? undefined : fail(`expected "${t}"`));
  const orExpr = (): Filter => {
    const parts = [andExpr()];
    while (word('OR')) {
      at++;
      parts.push(andExpr());
    }
    return (tags) => parts.some((p) => p(tags));
  };
  const andExpr = (): Filter => {
    const parts = [unary()];
    while (word('AND') || peek() === ',') {
      at++;
      parts.push(unary());
    }
    return (tags) => parts.every((p) => p(tags));
  };
  const unary = (): Filter => {
    if (word('NOT') || peek() === '!') {
      at++;
      const inner = unary();
      return (tags) => !inner(tags);
    }
    return primary();
  };
  const primary = (): Filter => {
    const token = tokens[at++] ?? fail('unexpected end');
    if (token === '(') {
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (token === '*') return () => true;
    if (word('IN') || (word('NOT') && tokens[at + 1]?.toUpperCase() === 'IN')) return inList(token);
    const colon = token.indexOf(':');
    if (colon <= 0 || colon === token.length - 1) fail(`"${token}" is not a tag:value term`);
    return matcher(token);
  };
  const inList = (key: string): Filter => {
    const negated = word('NOT');
    at += negated ? 2 : 1;
    expect('(');
    const values: string[] = [];
    while (peek() !== ')') {
      values.push(tokens[at++] ?? fail('unclosed IN list'));
      if (peek() === ',') at++;
    }
    expect(')');
    const matchers = values.map((v) => matcher(`${key}:${v}`));
    const any: Filter = (tags) => matchers.some((m) => m(tags));
    return negated ? (tags) => !any(tags) : any;
  };
  const filter = tokens.length === 0 ? fail('empty scope') : orExpr();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  return filter;
}

/** A `tag:value` term, with `*` wildcards. */
function matcher(term: string): Filter {
  if (!term.includes('*')) {
    const exact = term.toLowerCase();
    return (tags) => tags.has(exact);
  }
  const pattern = glob(term);
  return (tags) => [...tags].some((t) => pattern.test(t));
}

function glob(term: string): RegExp {
  const body = term
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}
