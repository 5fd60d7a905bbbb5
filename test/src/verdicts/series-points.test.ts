import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point } from '../../../src/ports/metrics.ts';
import { pointsBetween } from '../../../src/verdicts/series-points.ts';

/** The cut by filter, stable sort and volume lookup that pointsBetween stands for. */
function cutBySort(
  points: readonly Point[] | undefined,
  fromSec: number,
  toSec: number,
  volume?: readonly Point[],
) {
  const inRange = (points ?? [])
    .filter((p) => p[0] >= fromSec && p[0] < toSec && Number.isFinite(p[1]))
    .sort((a, b) => a[0] - b[0]);
  if (!volume) return { times: inRange.map((p) => p[0]), values: inRange.map((p) => p[1]) };
  const byTime = new Map<number, number>();
  for (const [t, v] of volume) if (Number.isFinite(v) && v >= 0) byTime.set(t, v);
  const matched = inRange.filter(([t]) => byTime.has(t));
  return {
    times: matched.map((p) => p[0]),
    values: matched.map((p) => p[1]),
    volumes: matched.map((p) => byTime.get(p[0])!),
  };
}

const time = fc.integer({ min: 0, max: 30 }).map((m) => 60 * m);
const value = fc.oneof(fc.constantFrom(0, -0, 1, Number.NaN, Number.NEGATIVE_INFINITY, -1), fc.double());
const point = fc.tuple(time, value).map(([t, v]): Point => [t, v]);
/** In time order as backends answer, repeated times included, or in any order. */
const points = fc.oneof(
  fc.array(point, { maxLength: 40 }).map((ps) => ps.sort((a, b) => a[0] - b[0])),
  fc.array(point, { maxLength: 40 }),
);

describe('points between', () => {
  it('cut a series as filtering, a stable sort by time and matching volume by time would', () => {
    fc.assert(
      fc.property(
        fc.option(points, { nil: undefined }),
        fc.option(points, { nil: undefined }),
        time,
        time,
        (series, volume, a, b) => {
          const [from, to] = a <= b ? [a, b] : [b, a];

          expect(pointsBetween(series, from, to, volume)).toEqual(cutBySort(series, from, to, volume));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a ratio point only where its volume has one, and its volume beside it', () => {
    const errors: Point[] = [
      [60, 0.01],
      [120, 0.02],
      [180, 0.03],
    ];
    const requests: Point[] = [
      [60, 100],
      [180, 300],
    ];

    expect(pointsBetween(errors, 0, 240, requests)).toEqual({
      times: [60, 180],
      values: [0.01, 0.03],
      volumes: [100, 300],
    });
  });
});
