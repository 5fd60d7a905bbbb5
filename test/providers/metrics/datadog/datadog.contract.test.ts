import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createDatadogMetrics } from '../../../../providers/metrics/datadog/index.ts';
import { CONTRACT_ALERT, describeMetricsContract } from '../../../contract/metrics.contract.ts';
import { API_KEY, APP_KEY, clusterMonitor, fakeDatadog } from './fake-datadog.ts';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 30);
const fake = fakeDatadog();
const server = setupServer(...fake.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describeMetricsContract('Datadog', async () => ({
  source: createDatadogMetrics({
    clusterTag: 'kube_cluster_name',
    env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY },
    clock: () => NOW,
    retry: { sleep: async () => {} },
  }),
  put: async (world) => {
    fake.state.values.set('guard.contract.requests', new Map(Object.entries(world.series)));
    const groups = Object.fromEntries(
      Object.keys(world.series).map((c) => [c, world.alerting.includes(c) ? 'Alert' : 'OK'] as const),
    );
    fake.state.monitors = [clusterMonitor(101, CONTRACT_ALERT, groups)];
  },
  query: 'sum:guard.contract.requests{$clusters}.as_rate()',
  badQuery: 'sum:guard.contract.requests{$clusters}.as_rate(',
  badQueryError: /HTTP 400: Error parsing formula/,
  backendQueries: () => fake.state.requests.length,
  window: () => ({ from: NOW - 10 * 60_000, to: NOW, stepMs: 60_000 }),
  // clusterMonitor's groups carry last_triggered_ts 1736164000, as the API reference's example shape does.
  alertStarted: () => ({ from: 1_736_164_000_000, to: 1_736_164_000_000 }),
  uiBase: 'https://app.datadoghq.com/',
  metricName: 'guard.contract.requests',
}));
