import { describe, expect, it } from 'vitest';
import type { MetricCheck } from '../../../src/verdicts/judge-metric.ts';
import { renderSoakReport } from '../../../src/verdicts/soak-report.ts';
import { sparkPair } from '../../../src/verdicts/sparkline.ts';

describe('the soak report', () => {
  it('draws baseline and current on one scale so a step shows', () => {
    expect(sparkPair([1, 1, 1, 1], [1, 1, 5, 5])).toEqual(['▁▁▁▁', '▁▁██']);
  });

  it('stays under the check summary limit and says how much it cut', () => {
    const clusters = Array.from({ length: 2000 }, (_, i) => ({
      cluster: `cluster-${i}`,
      verdict: 'fail' as const,
      health: [
        { check: 'alerts', verdict: 'fail' as const, reason: `firing: ${'HighErrorRate '.repeat(5)}` },
      ],
      metrics: [],
    }));

    const { markdown, title } = renderSoakReport({
      heading: 'istio 1.20.0, wave 1/1 (prod)',
      evaluatedAt: new Date('2024-05-06T11:00:00Z'),
      soakSince: new Date('2024-05-06T10:05:00Z'),
      baseline: { from: new Date('2024-05-06T09:00:00Z'), to: new Date('2024-05-06T10:00:00Z') },
      controls: [],
      clusters,
    });

    expect(markdown.length).toBeLessThanOrEqual(65_535);
    expect(markdown).toMatch(
      /… \d+ more rows and cluster sections \(\d+ characters\) cut to fit 65535 characters\.\n$/,
    );
    expect(title).toBe('soak: 2000 of 2000 clusters failing (cluster-0, cluster-1, cluster-2, …)');
  });

  it('keeps the failing clusters and their details when it must cut, dropping inconclusive rows and warnings first', () => {
    const unsure = Array.from({ length: 300 }, (_, i) => ({
      cluster: `quiet-${i}`,
      verdict: 'inconclusive' as const,
      health: [],
      metrics: [check('error-ratio', 'inconclusive', 'baseline has 0 points before the merge; needs 8')],
    }));
    const warned = Array.from({ length: 300 }, (_, i) => ({
      cluster: `old-alert-${i}`,
      verdict: 'pass' as const,
      health: [
        {
          check: 'alerts',
          verdict: 'pass' as const,
          warning: true,
          reason: 'none new; already firing before the merge (not counted): DiskFull (Warn)',
          links: [{ label: 'DiskFull (Warn)', url: `https://app.datadoghq.com/monitors/${i}` }],
        },
      ],
      metrics: [],
    }));
    const failing = {
      cluster: 'dev-1',
      verdict: 'fail' as const,
      health: [],
      metrics: [
        {
          ...check('error-ratio', 'fail', 'error-ratio 7.2% > max 5% for 2m'),
          link: 'https://app.datadoghq.com/metric/explorer?exp_metric=x',
        },
      ],
    };

    const { markdown } = renderSoakReport({
      heading: 'istio 1.20.0, wave 2/4 (dev)',
      evaluatedAt: new Date('2024-05-06T11:00:00Z'),
      soakSince: new Date('2024-05-06T10:05:00Z'),
      baseline: { from: new Date('2024-05-06T09:00:00Z'), to: new Date('2024-05-06T10:00:00Z') },
      controls: [],
      clusters: [...unsure, ...warned, failing],
      limit: 16_000,
    });

    expect(markdown.length).toBeLessThanOrEqual(16_000);
    expect(markdown).toContain('| dev-1 | ❌ fail | error-ratio: error-ratio 7.2% > max 5% for 2m |');
    expect(markdown).toContain('#### ❌ dev-1');
    expect(markdown).toContain('[graph](https://app.datadoghq.com/metric/explorer?exp_metric=x)');
    expect(markdown.indexOf('#### ❌ dev-1')).toBeLessThan(markdown.indexOf('quiet-0'));
    expect(markdown).not.toContain('old-alert-299');
    expect(markdown).toMatch(
      /… \d+ more rows and cluster sections \(\d+ characters\) cut to fit 16000 characters\.\n$/,
    );
  });
});

function check(metric: string, verdict: 'fail' | 'inconclusive', reason: string): MetricCheck {
  return {
    metric,
    kind: 'ratio',
    verdict,
    reason,
    window: { from: 1_714_989_900, to: 1_714_990_020 },
    baseline: { points: 60, value: 0.01, median: 0.01, p95: 0.012 },
    current: { points: 2, value: 0.072, median: 0.072, p95: 0.074 },
    changePercent: 620,
    p: null,
    test: 'none',
    spark: { baseline: [0.01, 0.01], current: [0.07, 0.072] },
  };
}
