import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { serviceProviders } from '../../../providers/services/api.ts';
import type { MetricsBackend, SoakMetric } from '../../../src/ports/service-provider.ts';
import { DATADOG_FACTS, DATADOG_NO_DATA_WHEN_HEALTHY, PROMETHEUS_FACTS } from './metric-facts.ts';
import { datadogProblems, datadogTerms, prometheusProblems, promSelectors } from './query-anatomy.ts';

/** Each registered provider as fleet.yaml would name it; the generic helm provider needs workloads. */
function serviceFor(id: string): Service {
  const extra = id === 'helm' ? { chart: 'podinfo', workloads: ['deployment/podinfo'] } : {};
  return { provider: id, files: ['clusters/{cluster}/x.yaml'], ...extra } as Service;
}

function defaults(backend: MetricsBackend): Array<{ id: string; metric: SoakMetric }> {
  return [...serviceProviders.values()].flatMap((provider) =>
    (provider.soakMetrics?.(serviceFor(provider.id), backend) ?? []).map((metric) => ({
      id: `${provider.id}/${metric.name}`,
      metric,
    })),
  );
}

const queriesOf = ({ metric }: { metric: SoakMetric }) => [
  metric.query,
  ...(metric.volumeQuery ? [metric.volumeQuery] : []),
];

describe('default soak queries › checked against the published metric facts', () => {
  it('covers every registered provider on both backends', () => {
    const ids = (backend: MetricsBackend) => new Set(defaults(backend).map((d) => d.id.split('/')[0]));
    const all = [...serviceProviders.keys()].sort();

    // The Datadog Agent's own soak uses no Datadog metrics (its upgrade disturbs them).
    expect([...ids('datadog')].sort()).toEqual(all.filter((id) => id !== 'datadog-agent'));
    expect([...ids('prometheus')].sort()).toEqual(all);
  });

  it.each(defaults('datadog').map((d) => [d.id, d] as const))('datadog › %s', (id, entry) => {
    const problems = queriesOf(entry).flatMap((query) => datadogProblems(id, query));

    expect(problems).toEqual([]);
  });

  it.each(defaults('prometheus').map((d) => [d.id, d] as const))('prometheus › %s', (id, entry) => {
    const problems = queriesOf(entry).flatMap((query) => prometheusProblems(id, query));

    expect(problems).toEqual([]);
  });

  it('uses every fact in the table, so the table holds no stale entries', () => {
    const ddUsed = new Set(
      defaults('datadog').flatMap((d) => queriesOf(d).flatMap((q) => datadogTerms(q).map((t) => t.metric))),
    );
    const promUsed = new Set(
      defaults('prometheus').flatMap((d) =>
        queriesOf(d).flatMap((q) => promSelectors(q).map((s) => s.metric.replace(/_bucket$/, ''))),
      ),
    );

    expect(Object.keys(DATADOG_FACTS).filter((name) => !ddUsed.has(name))).toEqual([]);
    expect(Object.keys(PROMETHEUS_FACTS).filter((name) => !promUsed.has(name))).toEqual([]);
  });

  it('lists as "no data when healthy" only default queries that exist', () => {
    const ids = new Set(defaults('datadog').map((d) => d.id));

    expect(Object.keys(DATADOG_NO_DATA_WHEN_HEALTHY).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('default soak queries › the checker refuses the mistakes it exists for', () => {
  it.each([
    [
      'a percentile of the OpenMetrics V2 bucket count',
      'p95:istio.mesh.request.duration.milliseconds.bucket{$clusters} by {kube_cluster_name}',
      /not a published metric/,
    ],
    [
      'a percentile of a count',
      'p95:istio.mesh.request.count{$clusters} by {kube_cluster_name}.as_count()',
      /is a count; p95 needs a distribution/,
    ],
    [
      'monotonic_diff over a monotonic count',
      'monotonic_diff(sum:external_dns.source.errors.total{$clusters} by {kube_cluster_name})',
      /not a running total; no monotonic_diff/,
    ],
    [
      'the OpenMetrics V1 name of a V2 counter',
      'sum:istio.pilot.xds.pushes{$clusters} by {kube_cluster_name}.as_count()',
      /not a published metric/,
    ],
    [
      'a running total read raw',
      'sum:kubernetes.containers.restarts{$clusters} by {kube_cluster_name}',
      /running total; read it as monotonic_diff/,
    ],
    [
      'a sparse tag filtered directly',
      'sum:istio.mesh.request.count{($clusters) AND response_code:5*} by {kube_cluster_name}.as_count()',
      /filter on response_code as a complement/,
    ],
    [
      'a tag the metric does not carry',
      'sum:nginx_ingress.controller.requests{($clusters) AND code:5*} by {kube_cluster_name}.as_count() - sum:nginx_ingress.controller.requests{($clusters) AND NOT code:5*} by {kube_cluster_name}.as_count()',
      /carries no tag code/,
    ],
    ['a lost cluster grouping', 'sum:promtail.sent_entries.count{$clusters}.as_rate()', /not grouped by/],
  ])('datadog › %s', (_what, query, message) => {
    expect(datadogProblems('x/y', query).join('\n')).toMatch(message);
  });

  it.each([
    [
      'rate() over a gauge',
      'sum by (kube_cluster_name) (rate(kube_pod_container_info{$clusters}[5m]))',
      /is a gauge; rate\(\)/,
    ],
    [
      'a counter read raw',
      'sum by (kube_cluster_name) (istio_requests_total{$clusters})',
      /read it through rate/,
    ],
    [
      'a quantile that drops le',
      'histogram_quantile(0.95, sum by (kube_cluster_name) (rate(istio_request_duration_milliseconds_bucket{$clusters}[5m])))',
      /needs histogram_quantile/,
    ],
    [
      'a 5xx ratio that is absent with no 5xx',
      'sum by (kube_cluster_name) (rate(istio_requests_total{$clusters,response_code=~"5.."}[5m])) / sum by (kube_cluster_name) (rate(istio_requests_total{$clusters}[5m]))',
      /anchor it with "or 0 \* …"/,
    ],
    [
      'an unknown label',
      'sum by (kube_cluster_name) (increase(external_dns_source_errors_total{$clusters,job="x"}[5m]))',
      /has no label job/,
    ],
    [
      'a lost cluster label',
      'sum(increase(external_dns_source_errors_total{$clusters}[5m]))',
      /loses the cluster label/,
    ],
  ])('prometheus › %s', (_what, query, message) => {
    expect(prometheusProblems('x/y', query).join('\n')).toMatch(message);
  });
});
