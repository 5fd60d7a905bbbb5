import type { WorkloadStatus } from '../ports/clusters.ts';
import type { FiringAlert } from '../ports/metrics.ts';
import type { Verdict } from './window-test.ts';

/** A soak check that is not a metric comparison: workloads, restarts, crash loops, alerts. */
export interface HealthCheck {
  check: string;
  verdict: Verdict;
  reason: string;
  /** Passing, but worth a reader's look (an alert that was firing before the merge). */
  warning?: boolean;
  /** Where to look: the monitors or alerts named in `reason`. */
  links?: { label: string; url: string }[];
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

/**
 * Alerts firing for the cluster (Datadog monitors in Alert or Warn, Prometheus alerts firing). One
 * that started during the soak (at or after `mergedAt`) fails the evaluation; one already firing
 * before it only warns: it is not the upgrade's doing, and the prechecks showed it. An alert whose
 * start the backend does not say counts as earlier when it was in `preexisting` (firing at the
 * soak's first evaluation).
 */
export function alertCheck(
  alerts: readonly FiringAlert[] | undefined,
  mergedAtMs: number,
  preexisting: readonly string[] = [],
): HealthCheck {
  const list = alerts ?? [];
  const earlier = (a: FiringAlert) =>
    a.since === undefined ? preexisting.includes(a.name) : a.since < mergedAtMs;
  const during = list.filter((a) => !earlier(a));
  const before = list.filter(earlier);
  const links = [...during, ...before].flatMap((a) => (a.url ? [{ label: a.name, url: a.url }] : []));
  const withLinks = links.length ? { links } : {};
  if (during.length) {
    return {
      check: 'alerts',
      verdict: 'fail',
      reason: `started firing during the soak: ${describe(during)}${before.length ? `; already firing before the merge: ${describe(before)}` : ''}`,
      ...withLinks,
    };
  }
  if (before.length) {
    return {
      check: 'alerts',
      verdict: 'pass',
      warning: true,
      reason: `none new; already firing before the merge (not counted): ${describe(before)}`,
      ...withLinks,
    };
  }
  return { check: 'alerts', verdict: 'pass', reason: 'none firing' };
}

function describe(alerts: readonly FiringAlert[]): string {
  const at = (a: FiringAlert) =>
    a.since === undefined ? '' : ` since ${new Date(a.since).toISOString().slice(11, 16)}Z`;
  const shown = alerts
    .slice(0, 5)
    .map((a) => `${a.name}${at(a)}`)
    .join(', ');
  return alerts.length > 5 ? `${shown} and ${alerts.length - 5} more` : shown;
}

/** A check that could not be made (the port failed): inconclusive, never a failure by itself. */
export function unavailable(check: string, err: unknown): HealthCheck {
  return {
    check,
    verdict: 'inconclusive',
    reason: `could not check: ${(err as Error).message ?? String(err)}`,
  };
}
