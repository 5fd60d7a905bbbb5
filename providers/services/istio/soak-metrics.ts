import type { MetricsBackend, PerBackend, SoakMetric } from '../../../src/ports/service-provider.ts';
import {
  ddComplement,
  ddCount,
  ddIncrease,
  ddQuery,
  ddShare,
  promIncrease,
  promOrZero,
  promP95,
  promRate,
  promShare,
} from '../shared/queries.ts';

/** Below this many requests in an evaluation window the mesh 5xx ratio is inconclusive. */
export const ISTIO_MIN_VOLUME = 1000;

/** The `type` values istiod gives `pilot_xds_pushes` when sending a push fails (the rest are pushes). */
const SEND_ERRORS = ['cds_senderr', 'eds_senderr', 'lds_senderr', 'rds_senderr']; // istio/istio pilot/pkg/xds/monitoring.go

/**
 * Istio's default soak: the mesh's 5xx ratio (server-side reporter, so each request counts once)
 * with a minimum volume, p95 request duration, xDS push errors and config rejects by proxies, and
 * istiod restarts. On Datadog the p95 reads the request-duration distribution, which the istio
 * check sends only with `histogram_buckets_as_distributions: true` (or its legacy name
 * `send_distribution_buckets`) and which answers percentiles once they are enabled for the metric.
 */
export function istioSoakMetrics(namespace: string, backend: MetricsBackend): SoakMetric[] {
  return SOAK_METRICS[backend](namespace);
}

const SOAK_METRICS: PerBackend<(namespace: string) => SoakMetric[]> = { prometheus, datadog };

const RATIO = { maxIncreasePercent: 50, minDelta: 0.005, minVolume: ISTIO_MIN_VOLUME } as const;
const LATENCY = { maxIncreasePercent: 20 } as const;

function prometheus(namespace: string): SoakMetric[] {
  const server = 'reporter="destination"';
  const pushes = promIncrease('pilot_xds_pushes');
  return [
    {
      name: 'mesh-5xx-ratio',
      kind: 'ratio',
      query: promShare(
        promRate('istio_requests_total', [server, 'response_code=~"5.."']),
        promRate('istio_requests_total', [server]),
      ), // istio.io docs/reference/config/metrics "Istio Standard Metrics" (COUNTER, labels reporter, response_code)
      volumeQuery: promIncrease('istio_requests_total', [server], '1m'),
      ...RATIO,
    },
    {
      name: 'mesh-p95-ms',
      kind: 'latency',
      query: promP95('istio_request_duration_milliseconds_bucket', [server]), // istio.io "Istio Standard Metrics" (DISTRIBUTION, ms)
      ...LATENCY,
      minDelta: 5,
    },
    {
      name: 'xds-push-errors',
      kind: 'count',
      query: promOrZero(promIncrease('pilot_xds_pushes', ['type=~".*_senderr"']), pushes), // istio/istio pilot/pkg/xds/monitoring.go (Sum, label type)
      minDelta: 1,
    },
    {
      name: 'xds-rejects',
      kind: 'count',
      query: promOrZero(promIncrease('pilot_total_xds_rejects'), pushes), // istio/istio pkg/xds/monitoring.go (Sum, label type)
      minDelta: 1,
    },
    {
      name: 'istiod-restarts',
      kind: 'count',
      query: promIncrease('kube_pod_container_status_restarts_total', [
        `namespace="${namespace}"`,
        'container="discovery"',
      ]), // kubernetes/kube-state-metrics docs/metrics/workload/pod-metrics.md (counter)
      minDelta: 1,
    },
  ];
}

function datadog(namespace: string): SoakMetric[] {
  const server = 'reporter:destination';
  return [
    {
      name: 'mesh-5xx-ratio',
      kind: 'ratio',
      query: ddShare('istio.mesh.request.count', ['response_code:5*'], [server]), // DataDog/integrations-core istio/metadata.csv (count)
      volumeQuery: ddCount('istio.mesh.request.count', [server]),
      ...RATIO,
    },
    {
      name: 'mesh-p95-ms',
      kind: 'latency',
      query: ddQuery('p95', 'istio.mesh.request.duration.milliseconds', [server]), // DataDog/integrations-core datadog_checks_base/…/openmetrics/v2/transformers/histogram.py (distribution)
      ...LATENCY,
      minDelta: 5,
    },
    {
      name: 'xds-push-errors',
      kind: 'count',
      query: ddComplement(
        'istio.pilot.xds.pushes.count',
        SEND_ERRORS.map((type) => `type:${type}`),
      ), // DataDog/integrations-core istio/metadata.csv (count, OpenMetrics V2)
      minDelta: 1,
    },
    {
      name: 'xds-rejects',
      kind: 'count',
      // Exported only after the first reject, so a healthy cluster reads as no data here.
      query: ddCount('istio.pilot.total_xds_rejects.count'), // DataDog/integrations-core …/openmetrics/v2/transformers/counter.py (`.count`)
      minDelta: 1,
    },
    {
      name: 'istiod-restarts',
      kind: 'count',
      query: ddIncrease('kubernetes.containers.restarts', [
        `kube_namespace:${namespace}`,
        'kube_container_name:discovery',
      ]), // DataDog/integrations-core kubelet/metadata.csv (gauge, cumulative)
      minDelta: 1,
    },
  ];
}
