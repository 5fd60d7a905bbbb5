import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { INGRESS_MIN_VOLUME, ingressNginx } from '../../../providers/services/ingress-nginx.ts';
import type { KubeObject } from '../../../src/ports/clusters.ts';
import { providerContext } from './provider-context.ts';

const service: Service = { provider: 'ingress-nginx', files: ['clusters/{cluster}/ingress/*.yaml'] };
const ingressClass = (name: string, controller: string): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name },
  spec: { controller },
});

describe('ingress-nginx provider', () => {
  it('passes when an IngressClass is served by ingress-nginx', async () => {
    const outcomes = await ingressNginx.prechecks!(
      providerContext(service, [
        ingressClass('alb', 'ingress.k8s.aws/alb'),
        ingressClass('nginx', 'k8s.io/ingress-nginx'),
      ]),
    );

    expect(outcomes).toEqual([{ check: 'ingress-class', status: 'pass', reason: 'IngressClass nginx' }]);
  });

  it('fails when no IngressClass names the ingress-nginx controller', async () => {
    const outcomes = await ingressNginx.prechecks!(
      providerContext(service, [ingressClass('alb', 'ingress.k8s.aws/alb')]),
    );

    expect(outcomes).toEqual([
      {
        check: 'ingress-class',
        status: 'fail',
        reason:
          'no IngressClass with controller k8s.io/ingress-nginx; check the chart values controller.ingressClassResource',
      },
    ]);
  });

  it('soaks on a 5xx ratio with a minimum volume and p95 latency on Prometheus', () => {
    const metrics = ingressNginx.soakMetrics!(service, 'prometheus');
    const ratio = metrics.find((m) => m.name === '5xx-ratio')!;

    // With no 5xx at all the numerator has no series; the ratio is 0, not absent.
    expect(ratio.query).toBe(
      '(sum by (kube_cluster_name) (rate(nginx_ingress_controller_requests{$clusters,status=~"5.."}[5m])) or ' +
        '0 * sum by (kube_cluster_name) (rate(nginx_ingress_controller_requests{$clusters}[5m]))) / ' +
        'sum by (kube_cluster_name) (rate(nginx_ingress_controller_requests{$clusters}[5m]))',
    );
    expect(ratio).toMatchObject({ kind: 'ratio', minVolume: INGRESS_MIN_VOLUME, maxIncreasePercent: 50 });
    expect(ratio.volumeQuery).toContain('increase(nginx_ingress_controller_requests{$clusters}[1m])');
    expect(metrics.find((m) => m.name === 'p95-latency')!.query).toBe(
      'histogram_quantile(0.95, sum by (kube_cluster_name, le) (rate(nginx_ingress_controller_request_duration_seconds_bucket{$clusters}[5m])))',
    );
  });

  it('soaks on the same ratio and the mean latency on Datadog', () => {
    const metrics = ingressNginx.soakMetrics!(service, 'datadog');

    // The 5xx count is all requests minus the non-5xx ones, so a cluster without 5xx answers 0.
    expect(metrics.find((m) => m.name === '5xx-ratio')!.query).toBe(
      '(sum:nginx_ingress.controller.requests{$clusters} by {kube_cluster_name}.as_count() - ' +
        'sum:nginx_ingress.controller.requests{($clusters) AND NOT status:5*} by {kube_cluster_name}.as_count()) / ' +
        'sum:nginx_ingress.controller.requests{$clusters} by {kube_cluster_name}.as_count()',
    );
    // The V1 check sends the histogram's sum and count as running totals, in seconds.
    expect(metrics.find((m) => m.name === 'mean-latency')).toMatchObject({
      query:
        'monotonic_diff(sum:nginx_ingress.controller.request.duration.sum{$clusters} by {kube_cluster_name}.rollup(max)) / ' +
        'monotonic_diff(sum:nginx_ingress.controller.request.duration.count{$clusters} by {kube_cluster_name}.rollup(max))',
      minDelta: 0.01,
    });
  });
});
