import type { Verdict } from './window-test.ts';

/** Anything judged for a cluster: a metric comparison or a health check. */
export interface JudgedCheck {
  verdict: Verdict;
  reason: string;
}

/** Any fail → fail; else any inconclusive → inconclusive; else pass (no checks at all → inconclusive). */
export function combineVerdicts(checks: readonly JudgedCheck[]): Verdict {
  if (checks.some((c) => c.verdict === 'fail')) return 'fail';
  if (checks.length === 0 || checks.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

/**
 * One cluster's evaluation. Any failing check fails it. Otherwise the metrics with evidence decide:
 * a metric without data (no histogram exported, a query that failed) says nothing about the
 * cluster, so one passing metric passes it, and only when no metric has evidence is the cluster
 * inconclusive. A fleet without soak metrics is judged on its health checks alone, all of which must pass.
 */
export function clusterVerdict(metrics: readonly JudgedCheck[], health: readonly JudgedCheck[]): Verdict {
  if ([...metrics, ...health].some((c) => c.verdict === 'fail')) return 'fail';
  if (metrics.length > 0) return metrics.some((m) => m.verdict === 'pass') ? 'pass' : 'inconclusive';
  return combineVerdicts(health);
}
