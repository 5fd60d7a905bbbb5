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
