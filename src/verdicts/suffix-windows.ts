import { summedStatistic } from './baseline-summary.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import { SortedSuffixes } from './sorted-suffixes.ts';

/**
 * One series' windows, which all end at its newest point: the windows a tick tests, the points
 * test's newest points, the limit's span and the evidence's window are suffixes of the same
 * series, and several are the same suffix. Sums and counts are read off the series in place; a
 * window is sliced only when a test needs its points, and its values sorted by extending a
 * shorter one's sort (sorted-suffixes.ts). What it hands out is shared: read, never written.
 * A class, not a closure: a tick makes 5,000 of them.
 */
export class SuffixWindows {
  readonly series: SeriesPoints;
  private slices: Map<number, SeriesPoints> | undefined;
  private sorted: SortedSuffixes | undefined;
  // The same window is asked for several times running (its statistic, its sort, its points).
  private lastAfter = Number.NaN;
  private lastStart = 0;

  constructor(series: SeriesPoints) {
    this.series = series;
  }

  /** The index of the first point with a time after `afterSec`: the window is the series from there. */
  start(afterSec: number): number {
    if (afterSec !== this.lastAfter) {
      const { times } = this.series;
      let i = times.length;
      while (i > 0 && times[i - 1]! > afterSec) i--;
      this.lastAfter = afterSec;
      this.lastStart = i;
    }
    return this.lastStart;
  }

  /** The window's points: the series itself when the window reaches back past its first point. */
  after(afterSec: number): SeriesPoints {
    const at = this.start(afterSec);
    const { series } = this;
    if (at === 0) return series;
    this.slices ??= new Map();
    let slice = this.slices.get(at);
    if (!slice) {
      slice = { times: series.times.slice(at), values: series.values.slice(at) };
      if (series.volumes) slice.volumes = series.volumes.slice(at);
      this.slices.set(at, slice);
    }
    return slice;
  }

  /** The window's values in ascending order. */
  sortedAfter(afterSec: number): readonly number[] {
    this.sorted ??= new SortedSuffixes(this.series.values);
    return this.sorted.from(this.start(afterSec));
  }

  /** The median of the window's values. */
  medianAfter(afterSec: number): number {
    this.sorted ??= new SortedSuffixes(this.series.values);
    return this.sorted.median(this.start(afterSec));
  }
}

/** `statistic` of the window after `afterSec`, read off the series in place. */
export function windowStatistic(spec: MetricSpec, windows: SuffixWindows, afterSec: number): number {
  const { values, volumes } = windows.series;
  return summedStatistic(spec, values, volumes, windows.start(afterSec)) ?? windows.medianAfter(afterSec);
}

/** Σ volume of the window after `afterSec`, left to right from 0; undefined without volume. */
export function windowVolume(windows: SuffixWindows, afterSec: number): number | undefined {
  const { volumes } = windows.series;
  if (!volumes) return undefined;
  let total = 0;
  for (let i = windows.start(afterSec); i < volumes.length; i++) total += volumes[i]!;
  return total;
}
