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
  const times = new Set<number>();
  for (const points of series) for (const [t, v] of points ?? []) if (Number.isFinite(v)) times.add(t);
  return [...times].sort((a, b) => a - b);
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
  const have = new Set<number>();
  for (const [t] of points ?? []) have.add(t);
  const at = volume ? volume.filter(([, v]) => Number.isFinite(v) && v > 0).map(([t]) => t) : alive;
  const zeros: Point[] = at.filter((t) => !have.has(t)).map((t) => [t, 0] as const);
  if (zeros.length === 0) return { points: points ?? [], filled: 0 };
  const merged = [...(points ?? []), ...zeros].sort((a, b) => a[0] - b[0]);
  return { points: merged, filled: zeros.length };
}
