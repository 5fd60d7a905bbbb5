import { describe, expect, it } from 'vitest';
import { explicitRollupSeconds, scopeQuery } from '../../../../providers/metrics/datadog/scope-query.ts';

const TAG = 'kube_cluster_name';

describe('scopeQuery', () => {
  it('narrows $clusters to the wave and groups by the cluster tag', () => {
    expect(scopeQuery('sum:promtail.sent_bytes{$clusters}.as_rate()', ['a', 'b'], TAG)).toBe(
      'sum:promtail.sent_bytes{kube_cluster_name:a OR kube_cluster_name:b} by {kube_cluster_name}.as_rate()',
    );
  });

  it('joins other comma-separated tags with AND, since Datadog refuses to mix , with OR', () => {
    expect(scopeQuery('avg:x{env:prod,!pod:canary,$clusters}', ['a', 'b'], TAG)).toBe(
      'avg:x{env:prod AND NOT pod:canary AND (kube_cluster_name:a OR kube_cluster_name:b)} by {kube_cluster_name}',
    );
  });

  it('keeps a boolean scope as written, with the filter in parentheses', () => {
    expect(scopeQuery('avg:x{env:prod AND $clusters}', ['a', 'b'], TAG)).toBe(
      'avg:x{env:prod AND (kube_cluster_name:a OR kube_cluster_name:b)} by {kube_cluster_name}',
    );
  });

  it('adds the cluster tag to an existing by {…} once', () => {
    expect(scopeQuery('sum:x{$clusters} by {service}', ['a'], TAG)).toBe(
      'sum:x{kube_cluster_name:a} by {service,kube_cluster_name}',
    );
    expect(scopeQuery('sum:x{$clusters} by {kube_cluster_name}', ['a'], TAG)).toBe(
      'sum:x{kube_cluster_name:a} by {kube_cluster_name}',
    );
  });

  it('scopes and groups every sub-query of an arithmetic expression', () => {
    const query = 'sum:errors{$clusters}.as_count() / sum:hits{$clusters}.as_count()';

    expect(scopeQuery(query, ['a'], TAG)).toBe(
      'sum:errors{kube_cluster_name:a} by {kube_cluster_name}.as_count() / sum:hits{kube_cluster_name:a} by {kube_cluster_name}.as_count()',
    );
  });

  it('refuses a cluster name that would change the query', () => {
    expect(() => scopeQuery('sum:x{$clusters}', ['a} OR {*'], TAG)).toThrow(
      /cannot be used in a Datadog tag filter/,
    );
  });

  it('reads the largest explicit rollup interval', () => {
    expect(explicitRollupSeconds('sum:a{x}.rollup(sum, 120) / sum:b{x}.rollup(avg,300)')).toBe(300);
    expect(explicitRollupSeconds('sum:a{x}.rollup(sum)')).toBeUndefined();
  });
});
