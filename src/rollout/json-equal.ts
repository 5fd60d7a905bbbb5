/**
 * True when `JSON.stringify` with keys sorted would write `a` and `b` the same, without writing
 * either: decide compares whole rollout states (soak evidence and baselines included) on every
 * reconcile, and building two key-sorted strings of them was most of a soaking tick's CPU. Same
 * rules as JSON: key order is ignored, keys whose value is undefined or a function are absent, such
 * array items are null, non-finite numbers are null, and `toJSON` (dates) is applied.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const x = jsonValue(a);
  const y = jsonValue(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(arrayItem(x[i]), arrayItem(ys[i]))) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(xo)) {
    if (isAbsent(jsonValue(xo[key]))) continue;
    count += 1;
    if (!Object.hasOwn(yo, key) || !jsonEqual(xo[key], yo[key])) return false;
  }
  for (const key of Object.keys(yo)) if (!isAbsent(jsonValue(yo[key]))) count -= 1;
  return count === 0;
}

function jsonValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return (v as { toJSON(): unknown }).toJSON();
  }
  return v;
}

const isAbsent = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const arrayItem = (v: unknown) => (isAbsent(jsonValue(v)) ? null : v);
