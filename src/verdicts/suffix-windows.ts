import { median, statistic } from './baseline-summary.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import { type SortedSuffixes, sortedSuffixes } from './sorted-suffixes.ts';

/**
 * One series' windows, which all end at its newest point: the windows a tick tests, the points
 * test's newest points, the limit's span and the evidence's window are suffixes of the same
 * series, and several are the same suffix. Each is sliced once and its values sorted once (by
 * extending a shorter one's sort, see sorted-suffixes.ts). What it hands out is shared: read, never
 * written.
 */
export interface SuffixWindows {
  readonly series: SeriesPoints;
  /** The points with times after `afterSec`, as `suffixAfter` cuts them. */
  after(afterSec: number): SeriesPoints;
  /** Those points' values in ascending order. */
  sortedAfter(afterSec: number): readonly number[];
}

export function suffixWindows(series: SeriesPoints): SuffixWindows {
  const slices = new Map<number, SeriesPoints>();
  let sorted: SortedSuffixes | undefined;
  return {
    series,
    after(afterSec) {
      const start = startAfter(series, afterSec);
      if (start === 0) return series;
      let slice = slices.get(start);
      if (!slice) {
        slice = { times: series.times.slice(start), values: series.values.slice(start) };
        if (series.volumes) slice.volumes = series.volumes.slice(start);
        slices.set(start, slice);
      }
      return slice;
    },
    sortedAfter(afterSec) {
      sorted ??= sortedSuffixes(series.values);
      return sorted.from(startAfter(series, afterSec));
    },
  };
}

/** The index of the first point after `afterSec` (times ascending; searched from the newest). */
function startAfter(series: SeriesPoints, afterSec: number): number {
  let i = series.times.length;
  while (i > 0 && series.times[i - 1]! > afterSec) i--;
  return i;
}

/** `statistic` of the window after `afterSec`, its median read from the shared sort. */
export function windowStatistic(spec: MetricSpec, windows: SuffixWindows, afterSec: number): number {
  const w = windows.after(afterSec);
  if (spec.kind === 'ratio' || spec.kind === 'count') return statistic(spec, w.values, w.volumes);
  return median(windows.sortedAfter(afterSec));
}
