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

    expect(ratio.query).toBe(
      'sum by (kube_cluster_name) (rate(nginx_ingress_controller_requests{$clusters,status=~"5.."}[5m])) / ' +
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

    expect(metrics.find((m) => m.name === '5xx-ratio')!.query).toBe(
      'sum:nginx_ingress.controller.requests{($clusters) AND status:5*} by {kube_cluster_name}.as_count() / ' +
        'sum:nginx_ingress.controller.requests{$clusters} by {kube_cluster_name}.as_count()',
    );
    expect(metrics.map((m) => m.name)).toContain('mean-latency');
  });
});
