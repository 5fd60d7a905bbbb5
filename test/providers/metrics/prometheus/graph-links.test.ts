import { describe, expect, it } from 'vitest';
import { explorerUrl, graphUrl } from '../../../../providers/metrics/prometheus/graph-links.ts';

describe('Prometheus graph links', () => {
  it('opens the graph tab on the expression over the window ending at its end, as the UI writes them', () => {
    const url = graphUrl(
      'http://prom:9090/prometheus',
      'up{job="a b"}',
      Date.UTC(2024, 4, 6, 9),
      Date.UTC(2024, 4, 6, 10),
    );

    expect(url).toBe(
      'http://prom:9090/prometheus/graph?g0.expr=up%7Bjob%3D%22a%20b%22%7D&g0.tab=0&g0.stacked=0&g0.range_input=1h&g0.end_input=2024-05-06%2010%3A00%3A00&g0.moment_input=2024-05-06%2010%3A00%3A00',
    );
  });

  it('shows the soak query as GUARD ran it for the cluster', () => {
    const url = explorerUrl('http://prom:9090', 'cluster', {
      query: 'sum(rate(http_requests_total{$clusters,code=~"5.."}[5m]))',
      clusters: ['dev-1'],
      from: Date.UTC(2024, 4, 6, 9, 30),
      to: Date.UTC(2024, 4, 6, 10),
    })!;

    const expr = new URL(url).searchParams.get('g0.expr');
    expect(expr).toBe('sum by (cluster)(rate(http_requests_total{cluster=~"dev-1",code=~"5.."}[5m]))');
    expect(new URL(url).searchParams.get('g0.range_input')).toBe('30m');
    // Parentheses encoded: a markdown link would end at the first bare one.
    expect(url).not.toMatch(/[()]/);
  });
});
