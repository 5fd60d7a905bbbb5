/**
 * A metric term of a classic query: `[agg:]metric{scope} [by {tags}]` with its dotted modifiers
 * (`.as_count()`, `.rollup(sum, 60)`, `.fill(zero)`), which the v2 API keeps in the query itself.
 */
const TERM = /(?:[a-z][a-z0-9_]*:)?[a-z][\w.]*\{[^{}]*\}(?:\s*by\s*\{[^{}]*\})?(?:\.[a-z_]+\([^()]*\))*/gi;

export interface FormulaQuery {
  queries: Array<{ name: string; query: string }>;
  formula: string;
}

/**
 * Splits a classic query (as fleet.yaml and the providers write them, arithmetic and functions
 * included) into the v2 timeseries request's named metric queries and one formula over them:
 * `monotonic_diff(sum:a{…}.rollup(max)) / sum:b{…}` → queries `q0`, `q1` and `monotonic_diff(q0) / q1`.
 * Arithmetic and functions (`monotonic_diff`, `default_zero`, …) are formula syntax in v2.
 */
export function formulaQuery(query: string): FormulaQuery {
  const queries: FormulaQuery['queries'] = [];
  const formula = query.replace(TERM, (term) => {
    const name = `q${queries.length}`;
    queries.push({ name, query: term.trim() });
    return name;
  });
  if (queries.length === 0) {
    throw new Error(
      `metric query ${JSON.stringify(query)} names no metric; write it as sum:my.metric{$clusters}`,
    );
  }
  return { queries, formula: formula.trim() };
}
