import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../../../src/ports/metrics.ts';
import { aliveTimes, fillAbsentZeros } from '../../../src/verdicts/absent-zero.ts';

/** The union by set and sort that aliveTimes stands for. */
function aliveBySet(series: readonly (readonly Point[] | undefined)[]): number[] {
  const times = new Set<number>();
  for (const points of series) for (const [t, v] of points ?? []) if (Number.isFinite(v)) times.add(t);
  return [...times].sort((a, b) => a - b);
}

/** The fill by set and stable sort that fillAbsentZeros stands for. */
function fillBySet(
  points: readonly Point[] | undefined,
  alive: readonly number[],
  volume?: readonly Point[],
) {
  const have = new Set((points ?? []).map(([t]) => t));
  const at = volume ? volume.filter(([, v]) => Number.isFinite(v) && v > 0).map(([t]) => t) : alive;
  const zeros: Point[] = at.filter((t) => !have.has(t)).map((t) => [t, 0]);
  if (zeros.length === 0) return { points: points ?? [], filled: 0 };
  return { points: [...(points ?? []), ...zeros].sort((a, b) => a[0] - b[0]), filled: zeros.length };
}

// Minutes on a short clock, so series share times; values with gaps (NaN) and zeros.
// −0 too: a set stores it as 0, and so must the merge.
const time = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((m) => 60 * m),
  fc.constant(-0),
);
const value = fc.oneof(fc.constantFrom(0, 1, 2.5, Number.NaN, Number.POSITIVE_INFINITY), fc.double());
const point = fc.tuple(time, value).map(([t, v]): Point => [t, v]);
/** In time order as backends answer, or in any order, with repeated times at times. */
const points = fc.oneof(
  fc.array(point, { maxLength: 40 }).map((ps) => ps.sort((a, b) => a[0] - b[0])),
  fc.uniqueArray(point, { maxLength: 40, selector: ([t]) => t }).map((ps) => ps.sort((a, b) => a[0] - b[0])),
  fc.array(point, { maxLength: 20 }),
);
const series = fc.option(points, { nil: undefined });

describe('absent zeros', () => {
  it('find the times a cluster reported as the set of them would, sorted', () => {
    fc.assert(
      fc.property(fc.array(series, { maxLength: 6 }), (all) => {
        expect(aliveTimes(all)).toEqual(aliveBySet(all));
      }),
      { numRuns: 1000 },
    );
  });

  it('fill the missing points as the set and stable sort would: the same points, in the same order', () => {
    fc.assert(
      fc.property(fc.array(series, { maxLength: 4 }), series, fc.option(points), (others, own, volume) => {
        const alive = aliveTimes([own, ...others]);
        const expected = fillBySet(own, alive, volume ?? undefined);

        const filled = fillAbsentZeros(own, alive, volume ?? undefined);

        expect(filled).toEqual(expected);
        // A point kept is the point itself (the judge reads them, the chart record too).
        for (const [i, p] of filled.points.entries()) if (p[1] !== 0) expect(p).toBe(expected.points[i]);
      }),
      { numRuns: 1000 },
    );
  });

  it('fill a counter that started mid-soak with zeros where the cluster reported, and count them', () => {
    const alive = [60, 120, 180, 240];
    const errors: Point[] = [
      [180, 2],
      [240, 1],
    ];

    expect(fillAbsentZeros(errors, alive)).toEqual({
      points: [
        [60, 0],
        [120, 0],
        [180, 2],
        [240, 1],
      ],
      filled: 2,
    });
  });

  it('hand back a complete series as it is', () => {
    const errors: Point[] = [
      [60, 0],
      [120, 1],
    ];

    expect(fillAbsentZeros(errors, [60, 120]).points).toBe(errors);
  });
});
