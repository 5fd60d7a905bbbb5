import { describe, expect, it } from 'vitest';
import { istioSoakMetrics } from '../../../providers/services/istio/soak-metrics.ts';

const byName = (backend: 'datadog' | 'prometheus') =>
  Object.fromEntries(istioSoakMetrics('istio-system', backend).map((m) => [m.name, m]));

describe('istio soak metrics › on Datadog', () => {
  const metrics = byName('datadog');

  it('reads p95 latency from the request-duration distribution, not the .bucket count', () => {
    expect(metrics['mesh-p95-ms']!.query).toBe(
      'p95:istio.mesh.request.duration.milliseconds{($clusters) AND reporter:destination} by {kube_cluster_name}',
    );
  });

  it('counts each request once (server side) and takes 5xx as all minus the rest, so no 5xx reads 0', () => {
    expect(metrics['mesh-5xx-ratio']!.query).toBe(
      '(sum:istio.mesh.request.count{($clusters) AND reporter:destination} by {kube_cluster_name}.as_count() - ' +
        'sum:istio.mesh.request.count{($clusters) AND reporter:destination AND NOT response_code:5*} by {kube_cluster_name}.as_count()) / ' +
        'sum:istio.mesh.request.count{($clusters) AND reporter:destination} by {kube_cluster_name}.as_count()',
    );
    expect(metrics['mesh-5xx-ratio']!.volumeQuery).toBe(
      'sum:istio.mesh.request.count{($clusters) AND reporter:destination} by {kube_cluster_name}.as_count()',
    );
  });

  it('counts push send errors as all pushes minus the pushes of every other type', () => {
    expect(metrics['xds-push-errors']!.query).toBe(
      'sum:istio.pilot.xds.pushes.count{$clusters} by {kube_cluster_name}.as_count() - ' +
        'sum:istio.pilot.xds.pushes.count{($clusters) AND NOT type:cds_senderr AND NOT type:eds_senderr AND ' +
        'NOT type:lds_senderr AND NOT type:rds_senderr} by {kube_cluster_name}.as_count()',
    );
  });

  it('reads rejects under their OpenMetrics V2 counter name and istiod restarts as a running total', () => {
    expect(metrics['xds-rejects']!.query).toBe(
      'sum:istio.pilot.total_xds_rejects.count{$clusters} by {kube_cluster_name}.as_count()',
    );
    expect(metrics['istiod-restarts']!.query).toBe(
      'monotonic_diff(sum:kubernetes.containers.restarts{($clusters) AND kube_namespace:istio-system AND ' +
        'kube_container_name:discovery} by {kube_cluster_name}.rollup(max))',
    );
  });
});

describe('istio soak metrics › on Prometheus', () => {
  const metrics = byName('prometheus');

  it('answers 0, not nothing, on a cluster without a single 5xx, push error or reject', () => {
    const pushes = 'sum by (kube_cluster_name) (increase(pilot_xds_pushes{$clusters}[5m]))';

    expect(metrics['mesh-5xx-ratio']!.query).toContain(
      'or 0 * sum by (kube_cluster_name) (rate(istio_requests_total{$clusters,reporter="destination"}[5m])))',
    );
    expect(metrics['xds-push-errors']!.query).toBe(
      `(sum by (kube_cluster_name) (increase(pilot_xds_pushes{$clusters,type=~".*_senderr"}[5m])) or 0 * ${pushes})`,
    );
    expect(metrics['xds-rejects']!.query).toBe(
      `(sum by (kube_cluster_name) (increase(pilot_total_xds_rejects{$clusters}[5m])) or 0 * ${pushes})`,
    );
  });

  it('takes p95 from the bucket rate per cluster and le', () => {
    expect(metrics['mesh-p95-ms']!.query).toBe(
      'histogram_quantile(0.95, sum by (kube_cluster_name, le) (rate(istio_request_duration_milliseconds_bucket{$clusters,reporter="destination"}[5m])))',
    );
  });
});
