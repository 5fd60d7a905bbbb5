import type { MetricsBackend, SoakMetric } from '../../src/ports/service-provider.ts';
import { daemonSetCoverage } from './shared/checks.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import { ddQuery, promSelector, promSum } from './shared/queries.ts';

/**
 * Promtail from the Grafana `promtail` chart: one DaemonSet shipping logs to Loki. Soak: entries
 * dropped must not rise and entries sent must not fall (a broken config ships nothing but stays
 * Ready). Datadog names assume an OpenMetrics check with namespace `promtail`.
 */
export const promtail = defineHelmProvider({
  id: 'promtail',
  chart: 'promtail',
  namespace: 'logging',
  workloads: ['daemonset/promtail'],
  metrics: (_set, backend) => promtailMetrics(backend),
  prechecks: async (ctx, set) => {
    const daemonsets = set.names.filter((n) => n.startsWith('daemonset/')).map((n) => n.slice(10));
    return Promise.all(
      daemonsets.map((name) => daemonSetCoverage(ctx, 'promtail-on-every-node', set.namespace, name)),
    );
  },
});

function promtailMetrics(backend: MetricsBackend): SoakMetric[] {
  if (backend === 'prometheus') {
    return [
      {
        name: 'dropped-entries',
        kind: 'count',
        query: promSum(`increase(${promSelector('promtail_dropped_entries_total')}[5m])`),
        minDelta: 1,
      },
      {
        name: 'sent-entries',
        kind: 'rate',
        query: promSum(`rate(${promSelector('promtail_sent_entries_total')}[5m])`),
        maxDecreasePercent: 30,
      },
    ];
  }
  return [
    {
      name: 'dropped-entries',
      kind: 'count',
      query: `${ddQuery('sum', 'promtail.dropped_entries.count')}.as_count()`,
      minDelta: 1,
    },
    {
      name: 'sent-entries',
      kind: 'rate',
      query: `${ddQuery('sum', 'promtail.sent_entries.count')}.as_rate()`,
      maxDecreasePercent: 30,
    },
  ];
}
