import type { Point } from '../ports/metrics.ts';
import type { MetricSpec } from './metric-spec.ts';

/**
 * Counts and error ratios that are bad when they rise: their backends write nothing while nothing
 * happens. Prometheus has no series for a counter before its first increment
 * (`pilot_total_xds_rejects`), a PromQL ratio whose numerator has no series has no result at all,
 * and a Datadog count has no point in a bucket without events. For these a missing point on a
 * cluster that reports otherwise means zero, not "no data".
 */
export function readsAbsentAsZero(spec: Pick<MetricSpec, 'kind' | 'direction'>): boolean {
  return (spec.kind === 'count' || spec.kind === 'ratio') && spec.direction === 'increase';
}

/**
 * The times a cluster reported anything in one fetch: the union of every metric's finite points
 * (volume series included). A cluster is "up" at these times; a zero read into a missing point is
 * never invented where the cluster said nothing at all.
 */
export function aliveTimes(series: readonly (readonly Point[] | undefined)[]): number[] {
  // Backends answer in time order: merge the series as sorted lists, for each cluster, rather
  // than hash every point; anything else the set and sort below handle.
  let times: number[] = [];
  for (const points of series) {
    if (!points?.length) continue;
    const merged = unionSorted(times, points);
    if (!merged) return aliveBySet(series);
    times = merged;
  }
  return times;
}

function aliveBySet(series: readonly (readonly Point[] | undefined)[]): number[] {
  const times = new Set<number>();
  for (const points of series) for (const [t, v] of points ?? []) if (Number.isFinite(v)) times.add(t);
  return [...times].sort((a, b) => a - b);
}

/**
 * The ascending, distinct `times` (from the series before) with the times of `points`' finite
 * values; undefined unless those times are finite and ascending. Mostly every metric of a cluster
 * reports at the same times: `times` itself then, nothing copied.
 */
function unionSorted(times: number[], points: readonly Point[]): number[] | undefined {
  const inside = within(times, points);
  if (inside !== false) return inside && times;
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < points.length; k++) {
    if (!Number.isFinite(points[k]![1])) continue;
    // + 0 turns −0 into 0, as a set does, and leaves every other time as it is.
    const t = points[k]![0] + 0;
    while (i < times.length && times[i]! < t) out.push(times[i++]!);
    if (i < times.length && times[i] === t) i++;
    if (out.length === 0 || out[out.length - 1] !== t) out.push(t);
  }
  while (i < times.length) out.push(times[i++]!);
  return out;
}

/**
 * Whether every finite value's time in `points` is among `times`; undefined when those times are
 * not finite and ascending.
 */
function within(times: readonly number[], points: readonly Point[]): boolean | undefined {
  let inside = true;
  let last = Number.NEGATIVE_INFINITY;
  let i = 0;
  for (let k = 0; k < points.length; k++) {
    if (!Number.isFinite(points[k]![1])) continue;
    const t = points[k]![0];
    if (!(t >= last) || !Number.isFinite(t)) return undefined;
    last = t;
    while (i < times.length && times[i]! < t) i++;
    if (i >= times.length || times[i] !== t) inside = false;
  }
  return inside;
}

/**
 * `points` with a zero at every time in `alive` where it has no point, and how many were added. A
 * ratio with a volume series is filled only where that volume is positive (requests without errors);
 * without one, `alive` (the cluster's other metrics) says when the cluster was up.
 */
export function fillAbsentZeros(
  points: readonly Point[] | undefined,
  alive: readonly number[],
  volume?: readonly Point[],
): { points: readonly Point[]; filled: number } {
  const at = volume ? volume.filter(([, v]) => Number.isFinite(v) && v > 0).map(([t]) => t) : alive;
  return fillSorted(points ?? [], at) ?? fillBySet(points, at);
}

function fillBySet(points: readonly Point[] | undefined, at: readonly number[]) {
  const have = new Set<number>();
  for (const [t] of points ?? []) have.add(t);
  const zeros: Point[] = at.filter((t) => !have.has(t)).map((t) => [t, 0] as const);
  if (zeros.length === 0) return { points: points ?? [], filled: 0 };
  const merged = [...(points ?? []), ...zeros].sort((a, b) => a[0] - b[0]);
  return { points: merged, filled: zeros.length };
}

/**
 * The same fill as a merge of two time-ordered lists, which a tick makes 2,000 times: undefined
 * unless `points` are in time order and `at` strictly ascending (finite both), for `fillBySet`.
 */
function fillSorted(points: readonly Point[], at: readonly number[]) {
  for (let j = 1; j < at.length; j++) if (!(at[j]! > at[j - 1]!)) return undefined;
  if (at.length && !Number.isFinite(at[0]! - at[at.length - 1]!)) return undefined;
  let i = 0;
  let filled = 0;
  let out: Point[] | undefined;
  for (let j = 0; j < at.length; j++) {
    const t = at[j]!;
    while (i < points.length && points[i]![0] < t) {
      if (i > 0 && !(points[i]![0] >= points[i - 1]![0])) return undefined;
      out?.push(points[i]!);
      i++;
    }
    if (i < points.length && points[i]![0] === t) continue;
    // The first zero: the points before it are copied over, and from here on the merge writes.
    out ??= points.slice(0, i);
    out.push([t, 0]);
    filled++;
  }
  for (let k = Math.max(1, i); k < points.length; k++)
    if (!(points[k]![0] >= points[k - 1]![0])) return undefined;
  if (!out) return { points, filled: 0 };
  for (; i < points.length; i++) out.push(points[i]!);
  return { points: out, filled };
}
