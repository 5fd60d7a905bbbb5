import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../../../config/fleet.ts';
import { createPrometheusMetrics } from '../../../../providers/metrics/prometheus/index.ts';
import { serviceProviders } from '../../../../providers/services/api.ts';
import type { SoakMetric } from '../../../../src/ports/service-provider.ts';
import { type RunningPrometheus, startPrometheus, until } from './start-prometheus.ts';
import { type Sample, startExporter } from './test-exporter.ts';

/*
 * Every provider's default PromQL run by the real Prometheus against series named and labelled as
 * the exporters publish them (test/providers/services/metric-facts.ts): a healthy cluster, where no
 * error series was ever created, must answer 0 for every error metric rather than nothing, and a
 * broken one must answer more than 0.
 */

const HEALTHY = 'healthy';
const BROKEN = 'broken';

function serviceFor(id: string): Service {
  const extra = id === 'helm' ? { chart: 'podinfo', workloads: ['deployment/podinfo'] } : {};
  return { provider: id, files: ['x.yaml'], ...extra } as Service;
}

const defaults = [...serviceProviders.values()].flatMap((provider) =>
  (provider.soakMetrics?.(serviceFor(provider.id), 'prometheus') ?? []).map(
    (metric) => [`${provider.id}/${metric.name}`, metric] as const,
  ),
);

/** One exporter scrape at step `n`: counters grow with n, faster where the cluster is broken. */
function samples(n: number): Sample[] {
  const out: Sample[] = [];
  const add = (cluster: string, name: string, labels: Record<string, string>, value: number) =>
    out.push({ name, labels: { kube_cluster_name: cluster, ...labels }, value });
  for (const cluster of [HEALTHY, BROKEN]) {
    const broken = cluster === BROKEN;
    workloadSeries(cluster, broken, n, add);
    const server = { reporter: 'destination' };
    add(cluster, 'istio_requests_total', { ...server, response_code: '200' }, 1000 * n);
    for (const le of ['10', '100', '+Inf'])
      add(
        cluster,
        'istio_request_duration_milliseconds_bucket',
        { ...server, le },
        (le === '10' ? 800 : 1000) * n,
      );
    add(cluster, 'pilot_xds_pushes', { type: 'cds' }, 50 * n);
    add(cluster, 'nginx_ingress_controller_requests', { status: '200', ingress: 'web' }, 1000 * n);
    for (const le of ['0.1', '1', '+Inf'])
      add(
        cluster,
        'nginx_ingress_controller_request_duration_seconds_bucket',
        { le },
        (le === '0.1' ? 900 : 1000) * n,
      );
    add(cluster, 'certmanager_controller_sync_call_count', { controller: 'certificates-issuing' }, 10 * n);
    add(cluster, 'external_dns_source_errors_total', {}, broken ? 3 * n : 0);
    add(cluster, 'external_dns_registry_errors_total', {}, broken ? 3 * n : 0);
    add(
      cluster,
      'external_dns_controller_last_sync_timestamp_seconds',
      {},
      Math.floor(Date.now() / 1000) - 30,
    );
    add(cluster, 'promtail_sent_entries_total', { host: 'loki' }, 500 * n);
    if (!broken) continue;
    // Error series exist only on the broken cluster, as exporters create them with the first error.
    add(cluster, 'istio_requests_total', { ...server, response_code: '503' }, 100 * n);
    add(cluster, 'pilot_xds_pushes', { type: 'eds_senderr' }, 2 * n);
    add(cluster, 'pilot_total_xds_rejects', { type: 'cds' }, 2 * n);
    add(cluster, 'nginx_ingress_controller_requests', { status: '503', ingress: 'web' }, 100 * n);
    add(
      cluster,
      'certmanager_certificate_ready_status',
      { name: 'web', namespace: 'apps', condition: 'False' },
      1,
    );
    add(cluster, 'certmanager_controller_sync_error_count', { controller: 'certificates-issuing' }, 2 * n);
    add(
      cluster,
      'promtail_dropped_entries_total',
      { host: 'loki', reason: 'rate_limited', tenant: 'a' },
      5 * n,
    );
  }
  return out;
}

/** kube-state-metrics series for every provider's default workloads (pods named `<workload>-0`). */
function workloadSeries(
  cluster: string,
  broken: boolean,
  n: number,
  add: (...a: [string, string, Record<string, string>, number]) => void,
) {
  for (const provider of serviceProviders.values()) {
    const set = provider.workloads?.(serviceFor(provider.id));
    const names = set?.names ?? [];
    for (const ref of names) {
      const pod = { namespace: set!.namespace, pod: `${ref.split('/')[1]}-0` };
      const container = provider.id === 'istio' ? 'discovery' : 'main';
      add(cluster, 'kube_pod_container_info', { ...pod, container }, 1);
      add(cluster, 'kube_pod_container_status_restarts_total', { ...pod, container }, broken ? n : 0);
      if (broken)
        add(
          cluster,
          'kube_pod_container_status_waiting_reason',
          { ...pod, container, reason: 'CrashLoopBackOff' },
          1,
        );
    }
  }
}

let exporter: Awaited<ReturnType<typeof startExporter>>;
let prometheus: RunningPrometheus;
let window: { from: number; to: number };

beforeAll(async () => {
  exporter = await startExporter();
  exporter.set(samples(1));
  prometheus = await startPrometheus(exporter.target, 'groups: []\n');
  const from = Date.now();
  for (let n = 2; n <= 4; n++) {
    exporter.set(samples(n));
    const seen = String(1000 * n);
    await until(
      async () =>
        (await prometheus.instant('istio_requests_total{response_code="200"}')).every(
          (r) => r.value[1] === seen,
        ),
      15_000,
    );
  }
  window = { from, to: Date.now() };
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

/** The newest value per cluster, as the soak would read it. */
async function latest(metric: SoakMetric): Promise<Map<string, number>> {
  const source = createPrometheusMetrics({
    clusterTag: 'kube_cluster_name',
    env: { PROMETHEUS_URL: prometheus.url },
  });
  const series = await source.series({
    query: metric.query,
    clusters: [HEALTHY, BROKEN],
    ...window,
    stepMs: 1000,
  });
  return new Map([...series].map(([cluster, points]) => [cluster, points.at(-1)?.[1] ?? Number.NaN]));
}

const ERRORS = new Set(['count', 'ratio']);

describe('default Prometheus queries on a real Prometheus', () => {
  it.each(defaults)(
    '%s answers for a healthy and a broken cluster',
    async (_id, metric) => {
      const values = await latest(metric);

      expect([...values.keys()].sort()).toEqual([BROKEN, HEALTHY]);
      for (const value of values.values()) expect(Number.isFinite(value)).toBe(true);
      if (ERRORS.has(metric.kind)) {
        expect(values.get(HEALTHY)).toBe(0);
        expect(values.get(BROKEN)).toBeGreaterThan(0);
      }
    },
    30_000,
  );
});
