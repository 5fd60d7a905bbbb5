const MAX_LOOKBACK_MS = 6 * 3_600_000;

/**
 * How far before the merge the same-cluster baseline reaches: the soak's own length (so both sides
 * see similar stretches of the day), at least 30 intervals so a rank test has points, at most 6 hours.
 */
export function baselineLookbackMs(durationMs: number, intervalMs: number): number {
  return Math.min(MAX_LOOKBACK_MS, Math.max(durationMs, 30 * intervalMs));
}

/** The query step: one point per interval, no coarser than a minute, no finer than 10 seconds. */
export function queryStepMs(intervalMs: number): number {
  return Math.max(10_000, Math.min(intervalMs, 60_000));
}
