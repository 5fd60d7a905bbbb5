import { type Group, QueryError } from './fake-datadog-query.ts';

type Value = { kind: 'groups'; groups: Group[] } | { kind: 'number'; value: number };

/** Functions a formula may apply (docs.datadoghq.com/dashboards/functions), as far as GUARD uses them. */
const FUNCTIONS: Record<string, (values: Array<number | null>) => Array<number | null>> = {
  abs: (values) => values.map((v) => (v === null ? null : Math.abs(v))),
  default_zero: (values) => values.map((v) => v ?? 0),
  // The delta between buckets where it is positive; the first bucket has none.
  monotonic_diff: (values) =>
    values.map((v, i) => {
      const before = i === 0 ? null : values[i - 1];
      if (v === null || before === null || before === undefined) return null;
      return Math.max(0, v - before);
    }),
};

/**
 * Evaluates a v2 formula (`q0`, `(q0 - q1) / q2`, `monotonic_diff(q0)`, `1 - q0`) over the named
 * queries' groups. Arithmetic between two grouped operands pairs groups with the same tags; a
 * group missing on one side has no result (the fake's reading; Datadog does not document it).
 */
export function evaluateFormula(formula: string, named: ReadonlyMap<string, Group[]>): Group[] {
  const tokens = formula.match(/\d+(?:\.\d+)?|[a-z_][a-z0-9_]*|[-+*/()]|\S/gi) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new QueryError(`Error parsing formula ${JSON.stringify(formula)}: ${why}`);
  };
  const sum = (): Value => {
    let left = product();
    while (tokens[at] === '+' || tokens[at] === '-') left = combine(tokens[at++]!, left, product());
    return left;
  };
  const product = (): Value => {
    let left = atom();
    while (tokens[at] === '*' || tokens[at] === '/') left = combine(tokens[at++]!, left, atom());
    return left;
  };
  const atom = (): Value => {
    const token = tokens[at++] ?? fail('unexpected end');
    if (token === '(') {
      const inner = sum();
      if (tokens[at++] !== ')') fail('unclosed "("');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (tokens[at] === '(') return call(token);
    const groups = named.get(token) ?? fail(`unknown query ${token}`);
    return { kind: 'groups', groups };
  };
  const call = (name: string): Value => {
    const fn = FUNCTIONS[name] ?? fail(`unknown function ${name}`);
    at++;
    const argument = sum();
    if (tokens[at++] !== ')') fail(`unclosed ${name}(`);
    if (argument.kind !== 'groups') fail(`${name} needs a query`);
    return {
      kind: 'groups',
      groups: (argument as { groups: Group[] }).groups.map((g) => ({ tags: g.tags, values: fn(g.values) })),
    };
  };
  const result = sum();
  if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
  return result.kind === 'groups' ? result.groups : fail('no query in formula');
}

function combine(op: string, left: Value, right: Value): Value {
  const apply = (a: number | null, b: number | null) => {
    if (a === null || b === null) return null;
    if (op === '+') return a + b;
    if (op === '-') return a - b;
    if (op === '*') return a * b;
    return b === 0 ? null : a / b;
  };
  if (left.kind === 'number' && right.kind === 'number')
    return { kind: 'number', value: apply(left.value, right.value)! };
  if (left.kind === 'number' || right.kind === 'number') {
    const groups = left.kind === 'groups' ? left.groups : (right as { groups: Group[] }).groups;
    const constant = left.kind === 'number' ? left.value : (right as { value: number }).value;
    return {
      kind: 'groups',
      groups: groups.map((g) => ({
        tags: g.tags,
        values: g.values.map((v) => (left.kind === 'number' ? apply(constant, v) : apply(v, constant))),
      })),
    };
  }
  const others = new Map(right.groups.map((g) => [g.tags.join(','), g]));
  return {
    kind: 'groups',
    groups: left.groups.flatMap((g) => {
      const other = others.get(g.tags.join(','));
      return other
        ? [{ tags: g.tags, values: g.values.map((v, i) => apply(v, other.values[i] ?? null)) }]
        : [];
    }),
  };
}
