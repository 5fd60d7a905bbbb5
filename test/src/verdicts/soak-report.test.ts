import { describe, expect, it } from 'vitest';
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
});
