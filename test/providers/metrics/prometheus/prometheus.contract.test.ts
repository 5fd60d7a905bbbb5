import { afterAll, beforeAll } from 'vitest';
import { createPrometheusMetrics } from '../../../../providers/metrics/prometheus/index.ts';
import {
  CONTRACT_ALERT,
  describeMetricsContract,
  type MetricsWorld,
} from '../../../contract/metrics.contract.ts';
import { type RunningPrometheus, startPrometheus, until } from './start-prometheus.ts';
import { type Sample, startExporter } from './test-exporter.ts';

const RULES = `groups:
  - name: guard-contract
    interval: 1s
    rules:
      - alert: ${CONTRACT_ALERT}
        expr: guard_contract_alert > 0
        for: 0s
        labels: { severity: critical }
`;

let exporter: Awaited<ReturnType<typeof startExporter>>;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  exporter = await startExporter();
  prometheus = await startPrometheus(exporter.target, RULES);
}, 40_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

function samples(world: MetricsWorld): Sample[] {
  return Object.entries(world.series).flatMap(([cluster, value]): Sample[] => [
    {
      name: 'guard_contract_requests_per_second',
      labels: { kube_cluster_name: cluster, pod: `${cluster}-0` },
      value,
    },
    {
      name: 'guard_contract_alert',
      labels: { kube_cluster_name: cluster },
      value: world.alerting.includes(cluster) ? 1 : 0,
    },
  ]);
}

/** True once an instant query and the alerts list both show `world`. */
async function visible(world: MetricsWorld): Promise<boolean> {
  const values = await prometheus.instant('guard_contract_requests_per_second');
  const firing = await prometheus.instant('ALERTS{alertstate="firing"}');
  const seen = new Map(values.map((r) => [r.metric.kube_cluster_name, Number(r.value[1])]));
  const sameValues = Object.entries(world.series).every(([cluster, value]) => seen.get(cluster) === value);
  return sameValues && firing.length === world.alerting.length;
}

describeMetricsContract('Prometheus', async () => {
  let queries = 0;
  let visibleAt = 0;
  let putAt = 0;
  return {
    source: createPrometheusMetrics({
      clusterTag: 'kube_cluster_name',
      env: { PROMETHEUS_URL: prometheus.url },
      fetch: (input, init) => {
        if (String(input).endsWith('/api/v1/query_range')) queries++;
        return fetch(input, init);
      },
    }),
    put: async (world) => {
      // Prometheus stamps activeAt at the rule evaluation that first saw the alert: after this.
      putAt = Math.floor(Date.now() / 1000) * 1000 - 1000;
      exporter.set(samples(world));
      await until(() => visible(world), 15_000);
      visibleAt = Date.now();
    },
    query: 'sum(guard_contract_requests_per_second{$clusters})',
    badQuery: 'sum(guard_contract_requests_per_second{$clusters}',
    badQueryError: /bad_data: .*unclosed left parenthesis/,
    backendQueries: () => queries,
    window: () => ({ from: visibleAt, to: Date.now(), stepMs: 500 }),
    alertStarted: () => ({ from: putAt, to: visibleAt }),
    uiBase: `${prometheus.url}/`,
    metricName: 'guard_contract_requests_per_second',
  };
});
