import type {
  CheckOutcome,
  MetricsBackend,
  ProviderContext,
  SoakMetric,
} from '../../src/ports/service-provider.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import { ddQuery, promP95, promSelector, promSum } from './shared/queries.ts';

/** Below this many requests per evaluation window the 5xx ratio is too noisy to judge. */
export const INGRESS_MIN_VOLUME = 500;

/**
 * ingress-nginx from the kubernetes `ingress-nginx` chart. Prechecks: an IngressClass served by
 * this controller exists (without it no Ingress is routed). Soak: 5xx ratio with a minimum volume
 * and request latency (p95 on Prometheus; mean on Datadog, whose integration sends only the
 * histogram's sum and count).
 */
export const ingressNginx = defineHelmProvider({
  id: 'ingress-nginx',
  chart: 'ingress-nginx',
  namespace: 'ingress-nginx',
  workloads: ['deployment/ingress-nginx-controller'],
  metrics: (_set, backend) => ingressMetrics(backend),
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

function ingressMetrics(backend: MetricsBackend): SoakMetric[] {
  if (backend === 'prometheus') {
    const requests = (m: string[]) =>
      promSum(`rate(${promSelector('nginx_ingress_controller_requests', m)}[5m])`);
    return [
      {
        name: '5xx-ratio',
        kind: 'ratio',
        query: `${requests(['status=~"5.."'])} / ${requests([])}`,
        volumeQuery: promSum(`increase(${promSelector('nginx_ingress_controller_requests')}[1m])`),
        minVolume: INGRESS_MIN_VOLUME,
        maxIncreasePercent: 50,
        minDelta: 0.005,
      },
      {
        name: 'p95-latency',
        kind: 'latency',
        query: promP95('nginx_ingress_controller_request_duration_seconds_bucket'),
        maxIncreasePercent: 20,
        minDelta: 0.01,
      },
    ];
  }
  const requests = (tags: string[]) =>
    `${ddQuery('sum', 'nginx_ingress.controller.requests', tags)}.as_count()`;
  const duration = (part: string) => ddQuery('sum', `nginx_ingress.controller.request.duration.${part}`);
  return [
    {
      name: '5xx-ratio',
      kind: 'ratio',
      query: `${requests(['status:5*'])} / ${requests([])}`,
      volumeQuery: requests([]),
      minVolume: INGRESS_MIN_VOLUME,
      maxIncreasePercent: 50,
      minDelta: 0.005,
    },
    {
      name: 'mean-latency',
      kind: 'latency',
      query: `${duration('sum')} / ${duration('count')}`,
      maxIncreasePercent: 20,
      minDelta: 10,
    },
  ];
}
