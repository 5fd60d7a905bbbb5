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
  // Straight into times and values (backends answer in time order, and a tick cuts 5,000 series),
  // through buffers reused from call to call and copied out at their exact length: pushing grew
  // each array through 17, 41 and 77 slots for 60 points, and the tick's collections copy what
  // outlives them.
  let n = 0;
  for (const p of points ?? []) {
    const t = p[0];
    if (!(t >= fromSec && t < toSec && Number.isFinite(p[1]))) continue;
    if (n > 0 && t < TIMES[n - 1]!) return unsortedBetween(points!, fromSec, toSec, volume);
    TIMES[n] = t;
    VALUES[n++] = p[1];
  }
  if (!volume) return { times: TIMES.slice(0, n), values: VALUES.slice(0, n) };
  const byTime = volumeByTime(volume);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = byTime.get(TIMES[i]!);
    if (v === undefined) continue;
    TIMES[kept] = TIMES[i]!;
    VALUES[kept] = VALUES[i]!;
    VOLUMES[kept++] = v;
  }
  return { times: TIMES.slice(0, kept), values: VALUES.slice(0, kept), volumes: VOLUMES.slice(0, kept) };
}

const TIMES: number[] = [];
const VALUES: number[] = [];
const VOLUMES: number[] = [];

function unsortedBetween(
  points: readonly Point[],
  fromSec: number,
  toSec: number,
  volume?: readonly Point[],
): SeriesPoints {
  const inRange = points
    .filter((p) => p[0] >= fromSec && p[0] < toSec && Number.isFinite(p[1]))
    .sort((a, b) => a[0] - b[0]);
  const byTime = volume && volumeByTime(volume);
  const matched = byTime ? inRange.filter(([t]) => byTime.has(t)) : inRange;
  const out: SeriesPoints = { times: matched.map((p) => p[0]), values: matched.map((p) => p[1]) };
  if (byTime) out.volumes = matched.map((p) => byTime.get(p[0])!);
  return out;
}

/** A volume series by time: finite, non-negative points only (the last of equal times wins). */
function volumeByTime(volume: readonly Point[]): Map<number, number> {
  const byTime = new Map<number, number>();
  for (const [t, v] of volume) if (Number.isFinite(v) && v >= 0) byTime.set(t, v);
  return byTime;
}
