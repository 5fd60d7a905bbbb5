// Metrics queries per soak tick: 5 metrics over waves of 10, 100 and 1,000 clusters against the msw
// Datadog fake, counting the requests that reach the backend. Figures only, no assertions.
import { setupServer } from 'msw/node';
import { createDatadogMetrics } from '../../providers/metrics/datadog/index.ts';
import { API_KEY, APP_KEY, fakeDatadog } from '../providers/metrics/datadog/fake-datadog.ts';

const METRICS = ['requests', 'errors', 'latency.p95', 'restarts', 'sent_bytes'].map(
  (m) => `guard.bench.${m}`,
);
const NOW = Date.UTC(2025, 0, 6, 12, 0, 30);
const fake = fakeDatadog();
const server = setupServer(...fake.handlers);
server.listen({ onUnhandledRequest: 'error' });

const source = createDatadogMetrics({
  clusterTag: 'kube_cluster_name',
  env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY },
  clock: () => NOW,
  retry: { sleep: async () => {} },
});

/** One soak tick: every metric queried once for the whole wave, as the soak loop does. */
async function tick(clusters: string[]) {
  const results = await Promise.all(
    METRICS.map((metric) =>
      source.series({
        query: `sum:${metric}{$clusters}.as_rate()`,
        clusters,
        from: NOW - 3_600_000,
        to: NOW,
        stepMs: 60_000,
      }),
    ),
  );
  const series = results.flatMap((byCluster) => [...byCluster.values()]);
  return { series: series.length, points: series.reduce((n, points) => n + points.length, 0) };
}

console.log('clusters  metrics  backend requests  series returned  points   query chars  ms (best of 3)');
for (const size of [10, 100, 1000]) {
  const clusters = Array.from({ length: size }, (_, i) => `prod-${String(i).padStart(4, '0')}`);
  for (const metric of METRICS) fake.state.values.set(metric, new Map(clusters.map((c, i) => [c, i])));
  const timings: number[] = [];
  let answer = { series: 0, points: 0 };
  for (let run = 0; run < 3; run++) {
    fake.state.requests = [];
    const start = performance.now();
    answer = await tick(clusters);
    timings.push(performance.now() - start);
  }
  const requests = fake.state.requests.length;
  const longest = Math.max(...fake.state.requests.flatMap((r) => r.queries.map((q) => q.query.length)));
  console.log(
    `${String(size).padStart(8)}  ${String(METRICS.length).padStart(7)}  ${String(requests).padStart(16)}  ` +
      `${String(answer.series).padStart(15)}  ${String(answer.points).padStart(6)}  ${String(longest).padStart(11)}  ` +
      `${Math.min(...timings)
        .toFixed(1)
        .padStart(14)}`,
  );
}
server.close();
