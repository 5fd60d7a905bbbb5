import type { CheckOutcome, ProviderContext, SoakMetric } from '../../src/ports/service-provider.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import {
  ddCount,
  ddIncrease,
  ddShare,
  promIncrease,
  promP95,
  promRate,
  promShare,
} from './shared/queries.ts';

/** Below this many requests per evaluation window the 5xx ratio is too noisy to judge. */
export const INGRESS_MIN_VOLUME = 500;

/**
 * ingress-nginx from the kubernetes `ingress-nginx` chart. Prechecks: an IngressClass served by
 * this controller exists (without it no Ingress is routed). Soak: 5xx ratio with a minimum volume
 * and request latency in seconds (p95 on Prometheus; on Datadog the mean, from the histogram's sum
 * and count, which the nginx_ingress_controller check sends only with `collect_nginx_histograms: true`).
 */
export const ingressNginx = defineHelmProvider({
  id: 'ingress-nginx',
  chart: 'ingress-nginx',
  namespace: 'ingress-nginx',
  workloads: ['deployment/ingress-nginx-controller'],
  metrics: { prometheus: prometheusMetrics, datadog: datadogMetrics },
  prechecks: async (ctx) => [await ingressClassPresent(ctx)],
});

async function ingressClassPresent(ctx: ProviderContext): Promise<CheckOutcome> {
  const classes = await ctx.clusters.list(ctx.cluster.name, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
  });
  const ours = classes.filter((c) => c.spec?.controller === 'k8s.io/ingress-nginx');
  if (ours.length === 0) {
    return {
      check: 'ingress-class',
      status: 'fail',
      reason:
        'no IngressClass with controller k8s.io/ingress-nginx; check the chart values controller.ingressClassResource',
    };
  }
  return {
    check: 'ingress-class',
    status: 'pass',
    reason: `IngressClass ${ours.map((c) => c.metadata.name).join(', ')}`,
  };
}

function prometheusMetrics(): SoakMetric[] {
  return [
    {
      name: '5xx-ratio',
      kind: 'ratio',
      query: promShare(
        promRate('nginx_ingress_controller_requests', ['status=~"5.."']),
        promRate('nginx_ingress_controller_requests'),
      ), // kubernetes/ingress-nginx internal/ingress/metric/collectors/socket.go (counter, label status)
      volumeQuery: promIncrease('nginx_ingress_controller_requests', [], '1m'),
      minVolume: INGRESS_MIN_VOLUME,
      maxIncreasePercent: 50,
      minDelta: 0.005,
    },
    {
      name: 'p95-latency',
      kind: 'latency',
      query: promP95('nginx_ingress_controller_request_duration_seconds_bucket'), // kubernetes/ingress-nginx internal/ingress/metric/collectors/socket.go (histogram, seconds)
      maxIncreasePercent: 20,
      minDelta: 0.01,
    },
  ];
}

function datadogMetrics(): SoakMetric[] {
  // The check is OpenMetrics V1: counters arrive as monotonic counts, histogram sums and counts as
  // cumulative gauges (datadog_checks_base/…/openmetrics/mixins.py defaults).
  const duration = (part: string) => ddIncrease(`nginx_ingress.controller.request.duration.${part}`);
  return [
    {
      name: '5xx-ratio',
      kind: 'ratio',
      query: ddShare('nginx_ingress.controller.requests', ['status:5*']), // DataDog/integrations-core nginx_ingress_controller/metadata.csv (count)
      volumeQuery: ddCount('nginx_ingress.controller.requests'),
      minVolume: INGRESS_MIN_VOLUME,
      maxIncreasePercent: 50,
      minDelta: 0.005,
    },
    {
      name: 'mean-latency',
      kind: 'latency',
      query: `${duration('sum')} / ${duration('count')}`, // DataDog/integrations-core nginx_ingress_controller/datadog_checks/nginx_ingress_controller/nginx_ingress_controller.py (HISTOGRAM_METRICS)
      maxIncreasePercent: 20,
      minDelta: 0.01,
    },
  ];
}
