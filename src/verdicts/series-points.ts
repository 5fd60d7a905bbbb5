import type { Point } from '../ports/metrics.ts';

/** A metric's points for one cluster in time order, with request volume aligned where known. */
export interface SeriesPoints {
  /** Epoch seconds, ascending. */
  times: number[];
  values: number[];
  /** Requests per point (ratios only); same length as `values` when present. */
  volumes?: number[];
}

/**
 * Points in [fromSec, toSec), finite values only, sorted by time; volume is matched by timestamp,
 * and a ratio point without a volume point is dropped rather than guessed.
 */
export function pointsBetween(
  points: readonly Point[] | undefined,
  fromSec: number,
  toSec: number,
  volume?: readonly Point[],
): SeriesPoints {
  let inRange: Point[] = [];
  let sorted = true;
  for (const p of points ?? []) {
    if (!(p[0] >= fromSec && p[0] < toSec && Number.isFinite(p[1]))) continue;
    if (inRange.length && p[0] < inRange[inRange.length - 1]![0]) sorted = false;
    inRange.push(p);
  }
  if (!sorted) inRange = inRange.sort((a, b) => a[0] - b[0]);
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

/** The suffix of `series` with times after `afterSec` (windows end at the newest point). */
export function suffixAfter(series: SeriesPoints, afterSec: number): SeriesPoints {
  let i = series.times.length;
  while (i > 0 && series.times[i - 1]! > afterSec) i--;
  // The whole series (a window reaching back past the soak's start): no copy; nothing writes to it.
  if (i === 0) return series;
  const out: SeriesPoints = { times: series.times.slice(i), values: series.values.slice(i) };
  if (series.volumes) out.volumes = series.volumes.slice(i);
  return out;
}
