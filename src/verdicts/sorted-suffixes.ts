/**
 * The values of the suffixes of one series in ascending order, ordered exactly as `sortedCopy`
 * orders them (−0 before +0, NaN last): the same medians and quantiles to the bit.
 *
 * A tick judges each series on windows that are suffixes of it (2, 4, 8… points back from the
 * newest), and sorted each one from scratch, 30,000 sorts a tick. Here one buffer holds the
 * longest suffix asked for so far, in order; asking for a longer one sorts its older points and
 * merges them in, so a series' windows, asked for shortest first as the judge does, cost about one
 * sort of the longest and no array each. A shorter suffix asked for later is sorted on its own.
 */
export class SortedSuffixes {
  private readonly values: readonly number[];
  /**
   * `values[cursor..]` ascending, in its first `values.length - cursor` slots: an array the length
   * of the series from the start (a copy of it, so one allocation of the right kind), where growing
   * one by pushing took three.
   */
  private readonly sorted: number[];
  private cursor: number;
  private copies: Map<number, readonly number[]> | undefined;
  // NaN compares with nothing, so no insertion can place it; the typed array's own sort puts it last.
  private readonly nan: boolean;

  constructor(values: readonly number[]) {
    this.values = values;
    this.sorted = values.slice();
    this.cursor = values.length;
    let nan = false;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) nan = true;
    this.nan = nan;
  }

  /** The median of `values[start..]`, as `median` reads it from the sorted values. */
  median(start: number): number {
    const reached = this.reach(start);
    const sorted = reached ? this.sorted : this.from(start);
    const n = reached ? this.values.length - this.cursor : sorted.length;
    if (n === 0) return Number.NaN;
    return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  }

  /** `values[start..]` ascending, in an array of its own: shared between callers, never written. */
  from(start: number): readonly number[] {
    const at = clamp(start, this.values.length);
    // The whole series' sort is final: nothing longer can be merged into it.
    if (at === 0 && this.reach(0)) return this.sorted;
    this.copies ??= new Map();
    let copy = this.copies.get(at);
    if (!copy) {
      copy = this.reach(at) ? this.sorted.slice(0, this.values.length - at) : sortedCopy(this.values, at);
      this.copies.set(at, copy);
    }
    return copy;
  }

  /** Extends the buffer back to `start`; whether it then holds exactly `values[start..]`. */
  private reach(start: number): boolean {
    const at = clamp(start, this.values.length);
    if (this.nan) return false;
    if (at < this.cursor) {
      const held = this.values.length - this.cursor;
      mergeInto(this.sorted, held, sortChunk(this.values, at, this.cursor - at), this.cursor - at);
      this.cursor = at;
    }
    return this.cursor === at;
  }
}

function clamp(start: number, length: number): number {
  return Math.max(0, Math.min(length, start));
}

function sortedCopy(values: readonly number[], at: number): number[] {
  return Array.from(new Float64Array(values.slice(at)).sort());
}

/** Merges the `k` sorted values of `chunk` into the first `held` of `sorted`, in place from the back. */
function mergeInto(sorted: number[], held: number, chunk: Float64Array, k: number): void {
  let i = held - 1;
  for (let j = k - 1, w = held + k - 1; j >= 0; w--) {
    if (i >= 0 && after(sorted[i]!, chunk[j]!)) sorted[w] = sorted[i--]!;
    else sorted[w] = chunk[j--]!;
  }
}

let scratch = new Float64Array(256);

/**
 * `values[at..at+k)` ascending at the start of a scratch buffer (valid until the next call): a
 * few values by insertion, more by the typed array's native sort on a view of the buffer.
 */
function sortChunk(values: readonly number[], at: number, k: number): Float64Array {
  if (scratch.length < k) scratch = new Float64Array(2 * k);
  if (k > SMALL_CHUNK) {
    for (let j = 0; j < k; j++) scratch[j] = values[at + j]!;
    scratch.subarray(0, k).sort();
    return scratch;
  }
  for (let j = 0; j < k; j++) {
    const x = values[at + j]!;
    let i = j;
    for (; i > 0 && after(scratch[i - 1]!, x); i--) scratch[i] = scratch[i - 1]!;
    scratch[i] = x;
  }
  return scratch;
}

const SMALL_CHUNK = 16;

/** Whether `v` sorts after `x` as a Float64Array sorts: by value, and +0 after −0. */
function after(v: number, x: number): boolean {
  if (v !== x) return v > x;
  return v === 0 && Object.is(x, -0) && !Object.is(v, -0);
}
