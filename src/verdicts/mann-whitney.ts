import { normalUpper } from './normal-tail.ts';

/** A baseline prepared once for many Mann–Whitney tests: sorted values and their tie term. */
export interface RankedBaseline {
  sorted: readonly number[];
  /** Σ (t³ − t) over groups of equal values, for the tie-corrected variance. */
  ties: number;
}

export function rankBaseline(values: readonly number[]): RankedBaseline {
  // A stored baseline's values are sorted already (BaselineSummary.values): check, and sort only
  // what is not, so a baseline read back from the state store each tick is not sorted again.
  const finite = values.every(Number.isFinite) ? values : values.filter(Number.isFinite);
  const sorted = isSorted(finite) ? finite : [...finite].sort((a, b) => a - b);
  let ties = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    ties += t * t * t - t;
    i = j;
  }
  return { sorted, ties };
}

function isSorted(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return false;
  return true;
}

/**
 * One-sided Mann–Whitney U test that `current` tends to be larger (`greater`) or smaller (`less`)
 * than the baseline.
 * U counts (baseline, current) pairs where current is larger, ties as one half. Small samples use
 * the exact no-ties distribution of U (conservative under ties, as the observed U is rounded
 * down); larger ones the normal approximation with tie correction and continuity correction.
 * Cost: O(current · log baseline), so one tick over thousands of clusters stays cheap.
 */
export function mannWhitney(
  base: RankedBaseline,
  current: readonly number[],
  side: 'greater' | 'less' = 'greater',
): { u: number; p: number } {
  const n1 = base.sorted.length;
  const n2 = current.length;
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1 };
  let u = 0;
  let ties = base.ties;
  const extra = new Map<number, number>();
  for (const c of current) {
    const below = lowerBound(base.sorted, c);
    const equal = lowerBound(base.sorted, c, true) - below;
    u += below + equal / 2;
    extra.set(c, (extra.get(c) ?? 0) + 1);
  }
  for (const [value, k] of extra) {
    const m = lowerBound(base.sorted, value, true) - lowerBound(base.sorted, value);
    ties += (m + k) ** 3 - (m + k) - (m ** 3 - m);
  }
  // U for "smaller" counts the other half of the pairs; its null distribution is the same.
  if (side === 'less') u = n1 * n2 - u;
  if (n2 <= EXACT_MAX_SMALL && n1 * n2 <= EXACT_MAX_PRODUCT)
    return { u, p: exactUpper(n1, n2, Math.floor(u)) };
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1 };
  return { u, p: normalUpper((u - mean - 0.5) / Math.sqrt(variance)) };
}

const EXACT_MAX_SMALL = 12;
const EXACT_MAX_PRODUCT = 12_000;

/** Index of the first value ≥ x (or > x when `after`). */
function lowerBound(sorted: readonly number[], x: number, after = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v < x || (after && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const tails = new Map<string, Float64Array>();

/** P(U ≥ u) for sample sizes n1, n2 without ties, from the cached upper-tail table. */
function exactUpper(n1: number, n2: number, u: number): number {
  const key = `${n1}:${n2}`;
  let tail = tails.get(key);
  if (!tail) {
    tail = upperTailTable(n1, n2);
    if (tails.size > 2000) tails.clear();
    tails.set(key, tail);
  }
  if (u <= 0) return 1;
  return u >= tail.length ? 0 : tail[u]!;
}

/**
 * The null distribution of U is given by the coefficients of the Gaussian binomial
 * [n1+n2 choose n2]_q = Π_{i=1..n2} (1 − q^(n1+i)) / (1 − q^i); built by multiplying and dividing
 * polynomials, O(n2 · n1 · n2), then turned into upper-tail probabilities.
 */
function upperTailTable(n1: number, n2: number): Float64Array {
  const degree = n1 * n2;
  const c = new Float64Array(degree + 1);
  c[0] = 1;
  for (let i = 1; i <= n2; i++) {
    const up = n1 + i;
    for (let d = degree; d >= up; d--) c[d]! -= c[d - up]!;
    for (let d = i; d <= degree; d++) c[d]! += c[d - i]!;
  }
  let total = 0;
  for (const x of c) total += x;
  const tail = new Float64Array(degree + 1);
  let acc = 0;
  for (let d = degree; d >= 0; d--) {
    acc += c[d]!;
    tail[d] = Math.min(1, acc / total);
  }
  return tail;
}
