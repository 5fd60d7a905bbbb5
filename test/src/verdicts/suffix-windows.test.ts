import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedCopy, statistic } from '../../../src/verdicts/baseline-summary.ts';
import { type MetricKind, resolveMetric } from '../../../src/verdicts/metric-spec.ts';
import type { SeriesPoints } from '../../../src/verdicts/series-points.ts';
import { SuffixWindows, windowStatistic, windowVolume } from '../../../src/verdicts/suffix-windows.ts';

const KINDS: MetricKind[] = ['ratio', 'latency', 'count', 'rate', 'gauge'];

/** What every window was before: the points after `afterSec`, copied out of the series. */
function suffixAfter(series: SeriesPoints, afterSec: number): SeriesPoints {
  let i = series.times.length;
  while (i > 0 && series.times[i - 1]! > afterSec) i--;
  if (i === 0) return series;
  const out: SeriesPoints = { times: series.times.slice(i), values: series.values.slice(i) };
  if (series.volumes) out.volumes = series.volumes.slice(i);
  return out;
}

/** A soak series a minute apart with gaps, few distinct values (ties) and, maybe, volumes. */
const soak = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 3 }),
      value: fc.oneof(fc.constantFrom(0, 1, 0.01, 100), fc.double({ min: 0, max: 1000, noNaN: true })),
      volume: fc.integer({ min: 0, max: 500 }),
    }),
    { maxLength: 130 },
  )
  .chain((points) =>
    fc.boolean().map((withVolume): SeriesPoints => {
      let t = 1_000_000;
      const times = points.map((p) => (t += 60 * p.gap));
      const values = points.map((p) => p.value);
      return withVolume ? { times, values, volumes: points.map((p) => p.volume) } : { times, values };
    }),
  );

/** Window starts as a tick draws them: two, four, eight… intervals back, and around the points. */
function startsOf(series: SeriesPoints): number[] {
  const newest = series.times.at(-1) ?? 1_000_000;
  return [2, 4, 8, 16, 32, 64, 128, 256].flatMap((w) => [newest - w * 60, newest - w * 60 - 1e-6]);
}

describe('suffix windows', () => {
  it('cut, count, sort, sum and judge every window as copying it out, sortedCopy and statistic did', () => {
    fc.assert(
      fc.property(soak, fc.constantFrom(...KINDS), (series, kind) => {
        const spec = resolveMetric({ name: 'm', kind });
        const windows = new SuffixWindows(series);

        for (const from of startsOf(series)) {
          const expected = suffixAfter(series, from);

          expect(windows.after(from)).toEqual(expected);
          expect(windows.sortedAfter(from)).toEqual(Array.from(sortedCopy(expected.values)));
          expect(windowStatistic(spec, windows, from)).toBe(
            statistic(spec, expected.values, expected.volumes),
          );
          expect(windowVolume(windows, from)).toBe(expected.volumes?.reduce((a, v) => a + v, 0));
          expect(series.times.length - windows.start(from)).toBe(expected.values.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hand out the series itself for a window reaching back past its first point', () => {
    const series = { times: [60, 120, 180], values: [1, 2, 3] };

    expect(new SuffixWindows(series).after(0)).toBe(series);
  });

  it('slice a window once, however many checks read it', () => {
    const series = { times: [60, 120, 180, 240], values: [4, 3, 2, 1], volumes: [10, 20, 30, 40] };
    const windows = new SuffixWindows(series);

    const first = windows.after(100);

    expect(windows.after(119)).toBe(first);
    expect(first).toEqual({ times: [120, 180, 240], values: [3, 2, 1], volumes: [20, 30, 40] });
  });
});
