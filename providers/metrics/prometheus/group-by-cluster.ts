/** PromQL's aggregation operators: each can keep the cluster label with `by (…)`. */
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const WORD = /[A-Za-z_][A-Za-z0-9_:]*/y;
const CLAUSE = /(by|without)\s*\(/iy;

interface Edit {
  at: number;
  end: number;
  text: string;
}

/**
 * Makes every aggregation in `promql` keep `label`: `sum(x)` → `sum by (label) (x)`,
 * `sum by (le) (x)` → `sum by (le, label) (x)`, `sum(x) by (le)` likewise. That is PromQL's
 * `by (<clusterTag>)`: one range query yields one series per cluster, ratios and quantiles included.
 * A `without (label)` is refused, since the clusters could no longer be told apart.
 */
export function groupByCluster(promql: string, label: string): string {
  if (!LABEL_NAME.test(label)) throw new Error(`${JSON.stringify(label)} is not a Prometheus label name`);
  const edits: Edit[] = [];
  let i = 0;
  while (i < promql.length) {
    const ch = promql[i]!;
    if (ch === '"' || ch === "'" || ch === '`') i = afterString(promql, i);
    else if (ch === '{') i = afterClose(promql, i, '{', '}');
    else if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_:]/.test(promql[i - 1] ?? '')) {
      WORD.lastIndex = i;
      const word = WORD.exec(promql)![0];
      if (AGGREGATIONS.has(word.toLowerCase())) planGrouping(promql, i + word.length, label, edits);
      i += word.length;
    } else i++;
  }
  return edits
    .sort((a, b) => b.at - a.at)
    .reduce((text, edit) => text.slice(0, edit.at) + edit.text + text.slice(edit.end), promql);
}

function planGrouping(promql: string, end: number, label: string, edits: Edit[]): void {
  const before = clauseAt(promql, skipSpace(promql, end));
  if (before) return void addLabel(promql, before, label, edits);
  const open = skipSpace(promql, end);
  if (promql[open] !== '(') return; // a metric or label that happens to be called `sum`
  const after = clauseAt(promql, skipSpace(promql, afterClose(promql, open, '(', ')')));
  if (after) return void addLabel(promql, after, label, edits);
  edits.push({ at: end, end, text: ` by (${label})` });
}

function clauseAt(promql: string, at: number): { kind: string; open: number } | undefined {
  CLAUSE.lastIndex = at;
  const match = CLAUSE.exec(promql);
  return match ? { kind: match[1]!.toLowerCase(), open: at + match[0].length - 1 } : undefined;
}

function addLabel(
  promql: string,
  clause: { kind: string; open: number },
  label: string,
  edits: Edit[],
): void {
  const close = promql.indexOf(')', clause.open);
  const labels = promql
    .slice(clause.open + 1, close)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (clause.kind === 'without' && labels.includes(label)) {
    throw new Error(`the query aggregates without (${label}); GUARD needs ${label} to tell clusters apart`);
  }
  if (clause.kind === 'by' && !labels.includes(label)) {
    edits.push({ at: clause.open + 1, end: close, text: [...labels, label].join(', ') });
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

function afterString(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}

/** Index after the bracket closing the one at `open`, skipping strings; the end if unbalanced. */
function afterClose(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') i = afterString(text, i) - 1;
    else if (ch === opening) depth++;
    else if (ch === closing && --depth === 0) return i + 1;
  }
  return text.length;
}
