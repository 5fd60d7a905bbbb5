import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../../src/verdicts/baseline-summary.ts';
import { SortedSuffixes } from '../../../src/verdicts/sorted-suffixes.ts';

/** What every window did before: a typed array's numeric sort of the suffix. */
function sortedCopy(values: readonly number[], start: number): number[] {
  return Array.from(new Float64Array(values.slice(Math.max(0, start))).sort());
}

/** Values with their sign of zero: toEqual alone would take −0 for +0. */
function signed(values: readonly number[]): string[] {
  return values.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
}

// Metric values as they come: few distinct ones (ties, all-equal runs), zeros of both signs,
// small counts, and arbitrary doubles.
const value = fc.oneof(
  fc.constantFrom(0, -0, 1, 2, 100),
  fc.integer({ min: -3, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: false }),
);
const series = fc.array(value, { maxLength: 140 });
/** Suffix starts to ask for, in any order, repeats and out-of-range ones included. */
const starts = (n: number) => fc.array(fc.integer({ min: -2, max: n + 2 }), { maxLength: 12 });

describe('sorted suffixes', () => {
  it('hand every suffix and its median exactly as a typed array sorts it, whatever order they are asked in', () => {
    fc.assert(
      fc.property(
        series.chain((values) => fc.tuple(fc.constant(values), starts(values.length))),
        ([values, asked]) => {
          const suffixes = new SortedSuffixes(values);

          for (const start of asked) {
            expect(signed([suffixes.median(start)])).toEqual(signed([median(sortedCopy(values, start))]));
            expect(signed(suffixes.from(start))).toEqual(signed(sortedCopy(values, start)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('extend a shorter suffix into the longer ones a tick asks for, shortest first', () => {
    fc.assert(
      fc.property(series, (values) => {
        const suffixes = new SortedSuffixes(values);
        const n = values.length;
        const windows = [2, 4, 8, 16, 32, 64, 128].map((w) => Math.max(0, n - w));

        for (const start of windows) {
          expect(signed([suffixes.median(start)])).toEqual(signed([median(sortedCopy(values, start))]));
          expect(signed(suffixes.from(start))).toEqual(signed(sortedCopy(values, start)));
        }
        // The evidence's window is one point longer than a tested one at times: still exact.
        for (const start of windows)
          expect(signed(suffixes.from(start - 1))).toEqual(signed(sortedCopy(values, start - 1)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['empty', []],
    ['one value', [7]],
    ['all equal', Array.from({ length: 60 }, () => 3)],
    ['zeros of both signs', [0, -0, 0, -0, -0, 0, 1, -1]],
    ['descending', Array.from({ length: 300 }, (_, i) => 300 - i)],
    ['a chunk longer than the scratch buffer', Array.from({ length: 600 }, (_, i) => (i * 7919) % 613)],
  ])('sort %s as a typed array does', (_, values: number[]) => {
    const suffixes = new SortedSuffixes(values);

    for (const start of [values.length - 1, values.length >> 1, 0]) {
      expect(signed([suffixes.median(start)])).toEqual(signed([median(sortedCopy(values, start))]));
      expect(signed(suffixes.from(start))).toEqual(signed(sortedCopy(values, start)));
    }
  });

  it('put NaN last, as the typed array sort does, rather than lose its place in a merge', () => {
    const values = [3, Number.NaN, 1, 2, Number.NaN, 0];
    const suffixes = new SortedSuffixes(values);

    expect(suffixes.from(3)).toEqual([0, 2, Number.NaN]);
    expect(suffixes.median(3)).toBe(2);
    expect(suffixes.from(0)).toEqual([0, 1, 2, 3, Number.NaN, Number.NaN]);
  });

  it('hand the same array to every caller of a suffix, and never change one once handed out', () => {
    const values = [5, 1, 4, 2, 3];
    const suffixes = new SortedSuffixes(values);
    const short = suffixes.from(3);
    const copy = [...short];

    const whole = suffixes.from(0);
    suffixes.median(1);
    suffixes.from(2);

    expect(suffixes.from(3)).toBe(short);
    expect(short).toEqual(copy);
    expect(suffixes.from(0)).toBe(whole);
    expect(whole).toEqual([1, 2, 3, 4, 5]);
  });
});
