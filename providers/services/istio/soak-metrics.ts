import type { MetricsBackend, SoakMetric } from '../../../src/ports/service-provider.ts';
import { ddQuery, promP95, promSelector, promSum } from '../shared/queries.ts';

/** Below this many requests in an evaluation window the mesh 5xx ratio is inconclusive. */
export const ISTIO_MIN_VOLUME = 1000;

/**
 * Istio's default soak: the mesh's 5xx ratio (server-side reporter, so each request counts once)
 * with a minimum volume, p95 request duration, xDS push errors and config rejects by proxies, and
 * istiod restarts. Datadog's p95 needs the istio check's `histogram_buckets_as_distributions: true`.
 */
export function istioSoakMetrics(namespace: string, backend: MetricsBackend): SoakMetric[] {
  return backend === 'prometheus' ? prometheus(namespace) : datadog(namespace);
}

const RATIO = { maxIncreasePercent: 50, minDelta: 0.005, minVolume: ISTIO_MIN_VOLUME } as const;
const LATENCY = { maxIncreasePercent: 20 } as const;

function prometheus(namespace: string): SoakMetric[] {
  const server = 'reporter="destination"';
  const requests = (m: string[]) =>
    promSum(`rate(${promSelector('istio_requests_total', [server, ...m])}[5m])`);
  const increase = (metric: string, m: string[] = [], window = '5m') =>
    promSum(`increase(${promSelector(metric, m)}[${window}])`);
  return [
    {
      name: 'mesh-5xx-ratio',
      kind: 'ratio',
      query: `${requests(['response_code=~"5.."'])} / ${requests([])}`,
      volumeQuery: increase('istio_requests_total', [server], '1m'),
      ...RATIO,
    },
    {
      name: 'mesh-p95-ms',
      kind: 'latency',
      query: promP95('istio_request_duration_milliseconds_bucket', [server]),
      ...LATENCY,
      minDelta: 5,
    },
    {
      name: 'xds-push-errors',
      kind: 'count',
      query: increase('pilot_xds_pushes', ['type=~".*_senderr"']),
      minDelta: 1,
    },
    { name: 'xds-rejects', kind: 'count', query: increase('pilot_total_xds_rejects'), minDelta: 1 },
    {
      name: 'istiod-restarts',
      kind: 'count',
      query: increase('kube_pod_container_status_restarts_total', [
        `namespace="${namespace}"`,
        'container="discovery"',
      ]),
      minDelta: 1,
    },
  ];
}

function datadog(namespace: string): SoakMetric[] {
  const requests = (tags: string[]) => `${ddQuery('sum', 'istio.mesh.request.count', tags)}.as_count()`;
  return [
    {
      name: 'mesh-5xx-ratio',
      kind: 'ratio',
      query: `${requests(['response_code:5*'])} / ${requests([])}`,
      volumeQuery: requests([]),
      ...RATIO,
    },
    {
      name: 'mesh-p95-ms',
      kind: 'latency',
      query: ddQuery('p95', 'istio.mesh.request.duration.milliseconds.bucket'),
      ...LATENCY,
      minDelta: 5,
    },
    {
      name: 'xds-push-errors',
      kind: 'count',
      query: `${ddQuery('sum', 'istio.pilot.xds.pushes', ['type:*senderr'])}.as_count()`,
      minDelta: 1,
    },
    {
      name: 'xds-rejects',
      kind: 'count',
      query: `${ddQuery('sum', 'istio.pilot.total_xds_rejects')}.as_count()`,
      minDelta: 1,
    },
    {
      name: 'istiod-restarts',
      kind: 'count',
      query: `monotonic_diff(${ddQuery('sum', 'kubernetes.containers.restarts', [`kube_namespace:${namespace}`, 'kube_container_name:discovery'])})`,
      minDelta: 1,
    },
  ];
}
