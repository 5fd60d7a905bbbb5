import { describe, expect, it } from 'vitest';
import { clusterQuery } from '../../../../providers/metrics/prometheus/cluster-query.ts';
import { groupByCluster } from '../../../../providers/metrics/prometheus/group-by-cluster.ts';

const TAG = 'kube_cluster_name';

describe('groupByCluster', () => {
  it.each([
    ['sum(rate(x[5m]))', 'sum by (kube_cluster_name)(rate(x[5m]))'],
    ['sum by (le) (rate(x[5m]))', 'sum by (le, kube_cluster_name) (rate(x[5m]))'],
    ['sum(rate(x[5m])) by (le)', 'sum(rate(x[5m])) by (le, kube_cluster_name)'],
    ['sum by (kube_cluster_name) (x)', 'sum by (kube_cluster_name) (x)'],
    [
      'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
      'histogram_quantile(0.99, sum by (le, kube_cluster_name) (rate(x_bucket[5m])))',
    ],
    [
      'sum(rate(e{code=~"5.."}[5m])) / sum(rate(e[5m]))',
      'sum by (kube_cluster_name)(rate(e{code=~"5.."}[5m])) / sum by (kube_cluster_name)(rate(e[5m]))',
    ],
    ['rate(x_sum[5m]) / rate(x_count[5m])', 'rate(x_sum[5m]) / rate(x_count[5m])'],
    ['sum_over_time(x[5m])', 'sum_over_time(x[5m])'],
    ['x{job="sum(a)"}', 'x{job="sum(a)"}'],
    ['sum without (pod) (x)', 'sum without (pod) (x)'],
  ])('rewrites %s as %s', (query, expected) => {
    expect(groupByCluster(query, TAG)).toBe(expected);
  });

  it('refuses an aggregation without the cluster label', () => {
    expect(() => groupByCluster('sum without (kube_cluster_name) (x)', TAG)).toThrow(
      /aggregates without \(kube_cluster_name\); GUARD needs kube_cluster_name/,
    );
  });
});

describe('clusterQuery', () => {
  it('replaces $clusters with an exact-match regex of the wave and groups by cluster', () => {
    expect(clusterQuery('sum(up{job="api",$clusters})', ['eu-1', 'us.2'], TAG)).toBe(
      'sum by (kube_cluster_name)(up{job="api",kube_cluster_name=~"eu-1|us\\\\.2"})',
    );
  });

  it('refuses a query without $clusters', () => {
    expect(() => clusterQuery('sum(up)', ['a'], TAG)).toThrow(/has no \$clusters; put it in the selector/);
  });
});
