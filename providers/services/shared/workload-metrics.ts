import type { MetricsBackend, PerBackend, SoakMetric } from '../../../src/ports/service-provider.ts';
import { ddAnyOf, ddIncrease, ddQuery, promIncrease, promOrZero, promSelector, promSum } from './queries.ts';

/** Datadog's workload tag for each workload kind GUARD knows. */
const DD_WORKLOAD_TAG: Record<string, string> = {
  deployment: 'kube_deployment',
  daemonset: 'kube_daemon_set',
  statefulset: 'kube_stateful_set',
};

/** Where a service's pods run: `deployment/x`-style refs in one namespace. */
export interface WorkloadSet {
  namespace: string;
  names: readonly string[];
}

/**
 * Container restarts and CrashLoopBackOff of a service's workloads, the health signal every
 * Helm-installed service shares. Prometheus reads kube-state-metrics; Datadog reads the kubelet
 * check's cumulative `kubernetes.containers.restarts` and the kube-state core check's waiting
 * reasons. Restarts allow a small absolute floor (`minDelta: 1`) so one restart in a window never
 * fails a soak.
 */
export function workloadHealthMetrics(set: WorkloadSet, backend: MetricsBackend): SoakMetric[] {
  return set.names.length === 0 ? [] : HEALTH[backend](set);
}

const HEALTH: PerBackend<(set: WorkloadSet) => SoakMetric[]> = {
  prometheus: promHealth,
  datadog: datadogHealth,
};

function promHealth(set: WorkloadSet): SoakMetric[] {
  const pods = set.names.map((ref) => `${escapeRegex(ref.split('/')[1]!)}-.*`).join('|');
  const scope = [`namespace="${set.namespace}"`, `pod=~"${pods}"`];
  // kube-state-metrics exports a waiting reason only while a container waits; kube_pod_container_info
  // exists for every container, so a healthy cluster answers 0.
  const waiting = promSum(
    promSelector('kube_pod_container_status_waiting_reason', [...scope, 'reason="CrashLoopBackOff"']),
  );
  return [
    {
      name: 'container-restarts',
      kind: 'count',
      query: promIncrease('kube_pod_container_status_restarts_total', scope), // kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md (counter)
      minDelta: 1,
    },
    {
      name: 'crashloopbackoff',
      kind: 'count',
      query: promOrZero(waiting, promSum(promSelector('kube_pod_container_info', scope))), // kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md (gauges)
      minDelta: 0.5,
    },
  ];
}

function datadogHealth(set: WorkloadSet): SoakMetric[] {
  const owners = ddAnyOf(
    set.names.map((ref) => {
      const [kind, name] = ref.split('/') as [string, string];
      return [DD_WORKLOAD_TAG[kind] ?? 'kube_deployment', name] as const;
    }),
  );
  const tags = [`kube_namespace:${set.namespace}`, owners];
  return [
    {
      name: 'container-restarts',
      kind: 'count',
      query: ddIncrease('kubernetes.containers.restarts', tags), // DataDog/integrations-core kubelet/metadata.csv (gauge, cumulative)
      minDelta: 1,
    },
    {
      name: 'crashloopbackoff',
      kind: 'count',
      // Reported only while a container waits (Agent 7.x kubernetes_state_core): absent, not 0, when healthy.
      query: ddQuery('sum', 'kubernetes_state.container.status_report.count.waiting', [
        ...tags,
        'reason:crashloopbackoff',
      ]), // DataDog/integrations-core kubernetes_state_core/metadata.csv (gauge, tag reason)
      minDelta: 0.5,
    },
  ];
}

/** Workload names may hold dots (the fleet schema allows them); PromQL strings need `\\.` for a literal one. */
function escapeRegex(text: string): string {
  return text.replaceAll('.', '\\\\.');
}
