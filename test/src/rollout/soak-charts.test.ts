import { describe, expect, it } from 'vitest';
import {
  boundCharts,
  downsample,
  MAX_CURRENT_POINTS,
  type SoakChart,
  type SoakCharts,
} from '../../../src/rollout/soak-charts.ts';

function chart(cluster: string, metric: string, verdict: SoakChart['verdict'], points = 120): SoakChart {
  return {
    metric,
    cluster,
    kind: 'latency',
    verdict,
    reason: 'r',
    baseline: { n: 60, p5: 1, median: 2, p95: 3, points: Array(24).fill(2.123456) },
    current: Array.from(
      { length: points },
      (_, i) => [1_700_000_000 + 60 * i, 2.123456 + i] as [number, number],
    ),
  };
}

function record(charts: SoakChart[], clusters: SoakCharts['clusters']): SoakCharts {
  return {
    v: 1,
    wave: 2,
    mergedAt: '2025-06-03T10:00:00.000Z',
    soakSince: '2025-06-03T10:10:00.000Z',
    baselineFrom: '2025-06-03T09:00:00.000Z',
    evaluatedAt: '2025-06-03T12:10:00.000Z',
    intervalMs: 60_000,
    clusters,
    charts,
  };
}

describe('boundCharts', () => {
  it('keeps every chart, and says nothing is left out, when they fit', () => {
    const r = record([chart('a', 'm', 'pass')], [{ cluster: 'a', verdict: 'pass', reasons: [] }]);

    const bounded = boundCharts(r);

    expect(bounded.charts).toHaveLength(1);
    expect(bounded.omitted).toBeUndefined();
  });

  it('keeps failing clusters first, then inconclusive, then passing, within the budget, and counts the rest', () => {
    const clusters = [
      ...Array.from({ length: 30 }, (_, i) => ({
        cluster: `pass-${i}`,
        verdict: 'pass' as const,
        reasons: [],
      })),
      { cluster: 'unsure', verdict: 'inconclusive' as const, reasons: ['no data'] },
      { cluster: 'bad', verdict: 'fail' as const, reasons: ['latency'] },
    ];
    const charts = clusters.flatMap((c) => [
      chart(c.cluster, 'errors', 'pass'),
      chart(c.cluster, 'latency', c.verdict === 'fail' ? 'fail' : c.verdict),
    ]);
    const budget = 40_000;

    const bounded = boundCharts(record(charts, clusters), budget);

    expect(new TextEncoder().encode(JSON.stringify(bounded)).length).toBeLessThanOrEqual(budget);
    expect(bounded.charts.slice(0, 4).map((c) => `${c.cluster}/${c.metric}`)).toEqual([
      'bad/latency',
      'bad/errors',
      'unsure/latency',
      'unsure/errors',
    ]);
    expect(bounded.charts.length).toBeLessThan(charts.length);
    expect(bounded.omitted).toEqual({
      charts: charts.length - bounded.charts.length,
      clusters: new Set(charts.slice(0, charts.length - bounded.charts.length).map((c) => c.cluster)).size,
    });
    expect(bounded.clusters).toHaveLength(32);
  });

  it('fits a 1,000-cluster wave under a DynamoDB item', () => {
    const clusters = Array.from({ length: 1000 }, (_, i) => ({
      cluster: `c-${i}`,
      verdict: 'pass' as const,
      reasons: [],
    }));
    const charts = clusters.flatMap((c) => ['a', 'b', 'c'].map((m) => chart(c.cluster, m, 'pass')));

    const bounded = boundCharts(record(charts, clusters));

    expect(new TextEncoder().encode(JSON.stringify(bounded)).length).toBeLessThanOrEqual(300_000);
    expect(bounded.omitted!.charts).toBeGreaterThan(0);
  });
});

describe('downsample', () => {
  it('leaves a short series as it is', () => {
    expect(
      downsample([
        [1, 2],
        [2, 3],
      ]),
    ).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('averages a long series down to the maximum, in time order', () => {
    const points = Array.from({ length: 480 }, (_, i) => [i * 60, i] as const);

    const out = downsample(points);

    expect(out).toHaveLength(MAX_CURRENT_POINTS);
    expect(out[0]).toEqual([90, 1.5]);
    expect(out.map(([t]) => t)).toEqual([...out.map(([t]) => t)].sort((a, b) => a - b));
  });
});
