import { daemonSetCoverage, deploymentAvailable } from './shared/checks.ts';
import { defineHelmProvider } from './shared/helm-like.ts';

/**
 * The Datadog Agent from the `datadog` chart: a node agent DaemonSet and the Cluster Agent.
 * Upgrading it disturbs the very metrics GUARD judges with on a Datadog fleet (gaps, re-tagged
 * series, changed check versions), so on Datadog its soak uses no Datadog metrics at all and relies
 * on Kubernetes health read from the API server (workloads ready, restarts, CrashLoopBackOff). On
 * a Prometheus fleet kube-state-metrics is independent of the agent and its restart metrics apply.
 */
export const datadogAgent = defineHelmProvider({
  id: 'datadog-agent',
  chart: 'datadog',
  namespace: 'datadog',
  workloads: ['daemonset/datadog', 'deployment/datadog-cluster-agent'],
  healthMetrics: { prometheus: true, datadog: false },
  prechecks: async (ctx, set) =>
    Promise.all(
      set.names.map((ref) => {
        const [kind, name] = ref.split('/') as [string, string];
        return kind === 'daemonset'
          ? daemonSetCoverage(ctx, 'agent-on-every-node', set.namespace, name)
          : deploymentAvailable(ctx, `${name}-available`, set.namespace, name);
      }),
    ),
  soakNote:
    'Upgrading the Datadog Agent disturbs the metrics it reports, so this soak judged Kubernetes health ' +
    '(workloads ready, container restarts, CrashLoopBackOff from the API server) and agent-independent ' +
    'signals only, not Datadog metrics.',
});
