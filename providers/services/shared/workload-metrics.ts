import type { MetricsBackend, SoakMetric } from '../../../src/ports/service-provider.ts';
import { ddAnyOf, ddQuery, promSelector, promSum } from './queries.ts';

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
 * Helm-installed service shares. Prometheus reads kube-state-metrics; Datadog reads the kubelet's
 * `kubernetes.containers.restarts` and the kube-state core check's waiting reasons. Restarts
 * allow a small absolute floor (`minDelta: 1`) so one restart in a window never fails a soak.
 */
export function workloadHealthMetrics(set: WorkloadSet, backend: MetricsBackend): SoakMetric[] {
  if (set.names.length === 0) return [];
  return backend === 'prometheus' ? promHealth(set) : datadogHealth(set);
}

function promHealth(set: WorkloadSet): SoakMetric[] {
  const pods = set.names.map((ref) => `${escapeRegex(ref.split('/')[1]!)}-.*`).join('|');
  const scope = [`namespace="${set.namespace}"`, `pod=~"${pods}"`];
  return [
    {
      name: 'container-restarts',
      kind: 'count',
      query: promSum(`increase(${promSelector('kube_pod_container_status_restarts_total', scope)}[5m])`),
      minDelta: 1,
    },
    {
      name: 'crashloopbackoff',
      kind: 'count',
      query: promSum(
        promSelector('kube_pod_container_status_waiting_reason', [...scope, 'reason="CrashLoopBackOff"']),
      ),
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
      query: `monotonic_diff(${ddQuery('sum', 'kubernetes.containers.restarts', tags)})`,
      minDelta: 1,
    },
    {
      name: 'crashloopbackoff',
      kind: 'count',
      query: ddQuery('sum', 'kubernetes_state.container.status_report.count.waiting', [
        ...tags,
        'reason:crashloopbackoff',
      ]),
      minDelta: 0.5,
    },
  ];
}

/** Workload names may hold dots (the fleet schema allows them); PromQL strings need `\\.` for a literal one. */
function escapeRegex(text: string): string {
  return text.replaceAll('.', '\\\\.');
}
