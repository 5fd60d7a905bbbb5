import { median } from './baseline-summary.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import { type SortedSuffixes, sortedSuffixes } from './sorted-suffixes.ts';

/**
 * One series' windows, which all end at its newest point: the windows a tick tests, the points
 * test's newest points, the limit's span and the evidence's window are suffixes of the same
 * series, and several are the same suffix. Sums and counts are read off the series in place; a
 * window is sliced only when a test needs its points, and its values sorted once (by extending a
 * shorter one's sort, see sorted-suffixes.ts). What it hands out is shared: read, never written.
 */
export interface SuffixWindows {
  readonly series: SeriesPoints;
  /** The index of the first point with a time after `afterSec`: the window is the series from there. */
  start(afterSec: number): number;
  /** The window's points (as `suffixAfter` cuts them). */
  after(afterSec: number): SeriesPoints;
  /** The window's values in ascending order. */
  sortedAfter(afterSec: number): readonly number[];
}

export function suffixWindows(series: SeriesPoints): SuffixWindows {
  const slices = new Map<number, SeriesPoints>();
  let sorted: SortedSuffixes | undefined;
  // The same window is asked for several times running (its statistic, its sort, its points).
  let lastAfter = Number.NaN;
  let lastStart = 0;
  const start = (afterSec: number): number => {
    if (afterSec !== lastAfter) {
      let i = series.times.length;
      while (i > 0 && series.times[i - 1]! > afterSec) i--;
      lastAfter = afterSec;
      lastStart = i;
    }
    return lastStart;
  };
  return {
    series,
    start,
    after(afterSec) {
      const at = start(afterSec);
      if (at === 0) return series;
      let slice = slices.get(at);
      if (!slice) {
        slice = { times: series.times.slice(at), values: series.values.slice(at) };
        if (series.volumes) slice.volumes = series.volumes.slice(at);
        slices.set(at, slice);
      }
      return slice;
    },
    sortedAfter(afterSec) {
      sorted ??= sortedSuffixes(series.values);
      return sorted.from(start(afterSec));
    },
  };
}

/**
 * `statistic` of the window after `afterSec`: pooled ratio with volume, mean for ratios and counts,
 * median otherwise. Sums run left to right from 0, as `statistic`'s do, so figures stay identical.
 */
export function windowStatistic(spec: MetricSpec, windows: SuffixWindows, afterSec: number): number {
  const { values, volumes } = windows.series;
  const at = windows.start(afterSec);
  const n = values.length - at;
  if (n === 0) return Number.NaN;
  if (spec.kind === 'ratio' && volumes) {
    let total = 0;
    for (let i = at; i < volumes.length; i++) total += volumes[i]!;
    if (!(total > 0)) return Number.NaN;
    let events = 0;
    for (let i = at; i < values.length; i++) events += values[i]! * volumes[i]!;
    return events / total;
  }
  if (spec.kind === 'ratio' || spec.kind === 'count') {
    let total = 0;
    for (let i = at; i < values.length; i++) total += values[i]!;
    return total / n;
  }
  return median(windows.sortedAfter(afterSec));
}

/** Σ volume of the window after `afterSec`, left to right from 0; undefined without volume. */
export function windowVolume(windows: SuffixWindows, afterSec: number): number | undefined {
  const { volumes } = windows.series;
  if (!volumes) return undefined;
  let total = 0;
  for (let i = windows.start(afterSec); i < volumes.length; i++) total += volumes[i]!;
  return total;
}
