import type { BaselineSummary } from './baseline-summary.ts';

/**
 * What the soak judge hands back as `SoakReport.baseline` and gets again on the next evaluation:
 * per metric and cluster the pre-merge summary (so a restarted GUARD judges against the same
 * baseline and later ticks query only the soak window), and the restart counts last seen.
 */
export interface StoredBaseline {
  v: 1;
  mergedAt: string;
  metrics: Record<string, Record<string, BaselineSummary>>;
  restarts?: Record<string, Record<string, number>>;
  /**
   * Per cluster, the alerts firing at the soak's first evaluation whose start the backend did not
   * say: taken as firing before the merge, so they warn and never fail.
   */
  alerts?: Record<string, string[]>;
}

/**
 * The stored baseline when it belongs to this merge; anything else (older shape, other merge) is
 * ignored and the baseline queried again. The check is structural and cheap: a 1,000-cluster wave
 * stores thousands of summaries, and the value is GUARD's own output read back from its state.
 */
export function readStoredBaseline(value: unknown, mergedAt: Date): StoredBaseline | undefined {
  if (!isObject(value) || value.v !== 1 || value.mergedAt !== mergedAt.toISOString()) return undefined;
  if (!isObject(value.metrics)) return undefined;
  for (const byCluster of Object.values(value.metrics)) {
    if (!isObject(byCluster)) return undefined;
    for (const s of Object.values(byCluster)) if (!isSummary(s)) return undefined;
  }
  if (value.restarts !== undefined && !isObject(value.restarts)) return undefined;
  if (value.alerts !== undefined && !isObject(value.alerts)) return undefined;
  return value as unknown as StoredBaseline;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isSummary(x: unknown): boolean {
  return (
    isObject(x) &&
    typeof x.n === 'number' &&
    typeof x.mean === 'number' &&
    typeof x.median === 'number' &&
    Array.isArray(x.values) &&
    Array.isArray(x.spark) &&
    (x.volume === undefined || (typeof x.volume === 'number' && typeof x.events === 'number'))
  );
}
