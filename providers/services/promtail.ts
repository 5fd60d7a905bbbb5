import type { SoakMetric } from '../../src/ports/service-provider.ts';
import { daemonSetCoverage } from './shared/checks.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import { ddCount, ddQuery, promIncrease, promOrZero, promRate } from './shared/queries.ts';

/**
 * Promtail from the Grafana `promtail` chart: one DaemonSet shipping logs to Loki. Soak: entries
 * dropped must not rise and entries sent must not fall (a broken config ships nothing but stays
 * Ready). Datadog has no promtail integration: the names are the generic OpenMetrics (V2) check's
 * with `namespace: promtail` and `raw_metric_prefix: promtail_` (docs/providers/promtail.md).
 */
export const promtail = defineHelmProvider({
  id: 'promtail',
  chart: 'promtail',
  namespace: 'logging',
  workloads: ['daemonset/promtail'],
  metrics: { prometheus: prometheusMetrics, datadog: datadogMetrics },
  prechecks: async (ctx, set) => {
    const daemonsets = set.names.filter((n) => n.startsWith('daemonset/')).map((n) => n.slice(10));
    return Promise.all(
      daemonsets.map((name) => daemonSetCoverage(ctx, 'promtail-on-every-node', set.namespace, name)),
    );
  },
});

function prometheusMetrics(): SoakMetric[] {
  return [
    {
      name: 'dropped-entries',
      kind: 'count',
      // Labelled by reason and tenant, so exported only after the first drop: anchored to sent entries.
      query: promOrZero(
        promIncrease('promtail_dropped_entries_total'),
        promIncrease('promtail_sent_entries_total'),
      ), // grafana/loki clients/pkg/promtail/client/metrics.go (counter)
      minDelta: 1,
    },
    {
      name: 'sent-entries',
      kind: 'rate',
      query: promRate('promtail_sent_entries_total'), // grafana/loki clients/pkg/promtail/client/metrics.go (counter)
      maxDecreasePercent: 30,
    },
  ];
}

function datadogMetrics(): SoakMetric[] {
  return [
    {
      name: 'dropped-entries',
      kind: 'count',
      // Exported only after the first drop, so a healthy cluster reads as no data here.
      query: ddCount('promtail.dropped_entries.count'), // DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (`.count`)
      minDelta: 1,
    },
    {
      name: 'sent-entries',
      kind: 'rate',
      query: `${ddQuery('sum', 'promtail.sent_entries.count')}.as_rate()`, // DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (`.count`)
      maxDecreasePercent: 30,
    },
  ];
}
