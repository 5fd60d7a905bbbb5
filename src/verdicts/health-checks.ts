import type { WorkloadStatus } from '../ports/clusters.ts';
import type { Verdict } from './window-test.ts';

/** A soak check that is not a metric comparison: workloads, restarts, crash loops, alerts. */
export interface HealthCheck {
  check: string;
  verdict: Verdict;
  reason: string;
}

/**
 * Workloads ready, no CrashLoopBackOff, and restarts not rising since the previous evaluation
 * (`previous`: restart counts by workload then). The first evaluation only records the counts:
 * restarts during the upgrade itself are expected.
 */
export function workloadChecks(
  statuses: readonly WorkloadStatus[],
  previous: Record<string, number> | undefined,
): HealthCheck[] {
  const notReady = statuses.filter((s) => !s.ready);
  const looping = statuses.filter((s) => s.crashLooping);
  const rising = previous
    ? statuses.filter((s) => previous[s.name] !== undefined && s.restarts > previous[s.name]!)
    : [];
  const describe = (list: readonly WorkloadStatus[]) =>
    list.map((s) => (s.reason ? `${s.name} (${s.reason})` : s.name)).join(', ');
  return [
    notReady.length
      ? { check: 'workloads ready', verdict: 'fail', reason: `not ready: ${describe(notReady)}` }
      : { check: 'workloads ready', verdict: 'pass', reason: `${statuses.length} ready` },
    looping.length
      ? { check: 'no CrashLoopBackOff', verdict: 'fail', reason: `CrashLoopBackOff: ${describe(looping)}` }
      : { check: 'no CrashLoopBackOff', verdict: 'pass', reason: 'none' },
    rising.length
      ? {
          check: 'restarts not rising',
          verdict: 'fail',
          reason: rising.map((s) => `${s.name} ${previous![s.name]} → ${s.restarts}`).join(', '),
        }
      : {
          check: 'restarts not rising',
          verdict: 'pass',
          reason: previous ? 'no new restarts' : 'counts recorded',
        },
  ];
}

/** Datadog monitors in Alert or Prometheus alerts firing for the cluster. */
export function alertCheck(alerts: readonly string[] | undefined): HealthCheck {
  if (!alerts?.length) return { check: 'alerts', verdict: 'pass', reason: 'none firing' };
  const shown = alerts.slice(0, 5).join(', ');
  const more = alerts.length > 5 ? ` and ${alerts.length - 5} more` : '';
  return { check: 'alerts', verdict: 'fail', reason: `firing: ${shown}${more}` };
}

/** A check that could not be made (the port failed): inconclusive, never a failure by itself. */
export function unavailable(check: string, err: unknown): HealthCheck {
  return {
    check,
    verdict: 'inconclusive',
    reason: `could not check: ${(err as Error).message ?? String(err)}`,
  };
}
