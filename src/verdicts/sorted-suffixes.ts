/**
 * The values of every suffix of one series in ascending order, each built once and shared.
 *
 * A tick judges each series on windows that are suffixes of it (2, 4, 8… points back from the
 * newest), and sorted each one from scratch, 30,000 sorts a tick. Here a suffix is sorted by
 * merging its older points into the longest suffix already sorted inside it. The results are plain
 * arrays, not typed ones: a typed array of more than a few values keeps its store outside the
 * heap, and 30,000 of them a tick cost the collector more than the sorts did.
 */
export class SortedSuffixes {
  private readonly values: readonly number[];
  private readonly built = new Map<number, readonly number[]>();
  // NaN compares with nothing, so no merge can place it; the typed array's own sort puts it last.
  private readonly nan: boolean;

  constructor(values: readonly number[]) {
    this.values = values;
    this.nan = values.some(Number.isNaN);
  }

  /**
   * `values[start..]` ascending, ordered exactly as `sortedCopy` orders them (−0 before +0, NaN
   * last): the same medians and quantiles to the bit. Shared between callers: read, never written.
   */
  from(start: number): readonly number[] {
    const values = this.values;
    const at = Math.max(0, Math.min(values.length, start));
    let sorted = this.built.get(at);
    if (sorted) return sorted;
    const inner = nearestInside(this.built, at, values.length);
    sorted = this.nan
      ? Array.from(new Float64Array(values.slice(at)).sort())
      : extend(values, at, inner, this.built.get(inner) ?? []);
    this.built.set(at, sorted);
    return sorted;
  }
}

/** The start of the longest sorted suffix inside `values[at..]` (the empty one at `end`). */
function nearestInside(built: Map<number, readonly number[]>, at: number, end: number): number {
  let best = end;
  for (const start of built.keys()) if (start > at && start < best) best = start;
  return best;
}

/**
 * `values[at..]` sorted: `values[at..inner)` sorted in a scratch buffer, then merged with
 * `innerSorted` (`values[inner..]` sorted). A series' windows then cost about one
 * sort of the longest: chunk sorts of 2, 2, 4, 8… values and merges.
 */
function extend(
  values: readonly number[],
  at: number,
  inner: number,
  innerSorted: readonly number[],
): number[] {
  const k = inner - at;
  const chunk = sortChunk(values, at, k);
  const m = innerSorted.length;
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < m && j < k) MERGED[w++] = after(innerSorted[i]!, chunk[j]!) ? chunk[j++]! : innerSorted[i++]!;
  while (i < m) MERGED[w++] = innerSorted[i++]!;
  while (j < k) MERGED[w++] = chunk[j++]!;
  // Copied out at its exact length, in one allocation.
  return MERGED.slice(0, w);
}

/** The merge's buffer, reused from call to call. */
const MERGED: number[] = [];

let scratch = new Float64Array(256);

/** `values[at..at+k)` ascending at the start of the scratch buffer (valid until the next call). */
function sortChunk(values: readonly number[], at: number, k: number): Float64Array {
  if (scratch.length < k) scratch = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) scratch[j] = values[at + j]!;
  // A typed array sorts numerically in native code; a view shares the buffer, so nothing is
  // allocated but the view.
  if (k > 1) scratch.subarray(0, k).sort();
  return scratch;
}

/** Whether `v` sorts after `x` as a Float64Array sorts: by value, and +0 after −0. */
function after(v: number, x: number): boolean {
  if (v !== x) return v > x;
  return v === 0 && Object.is(x, -0) && !Object.is(v, -0);
}
