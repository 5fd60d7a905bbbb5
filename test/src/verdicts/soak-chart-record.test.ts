import { describe, expect, it } from 'vitest';
import type { SoakMetric } from '../../../src/ports/service-provider.ts';
import { resolveMetric } from '../../../src/verdicts/metric-spec.ts';
import { createChartCollector } from '../../../src/verdicts/soak-chart-record.ts';
import { createSoakJudge } from '../../../src/verdicts/soak-judge.ts';
import { APPLIED, fakeMetrics, MERGED, soakInput, wobble } from './soak-world.ts';

const METRICS: SoakMetric[] = [
  { name: 'error-ratio', kind: 'ratio', query: 'errors{$clusters}', volumeQuery: 'requests{$clusters}' },
  { name: 'p95-latency', kind: 'latency', query: 'p95{$clusters}' },
];
const NOW = new Date(APPLIED.getTime() + 20 * 60_000);
const ONSET_SEC = NOW.getTime() / 1000 - 8 * 60;

function world(broken: string[] = []) {
  return fakeMetrics((query, cluster, sec) => {
    const bad = broken.includes(cluster) && sec >= ONSET_SEC;
    const noise = wobble(cluster, sec);
    if (query.startsWith('requests')) return 5000 + 200 * noise;
    if (query.startsWith('errors')) return (bad ? 0.05 : 0.01) * (1 + 0.05 * noise);
    return (bad ? 180 : 120) * (1 + 0.02 * noise);
  });
}

describe('the soak judge’s charts', () => {
  it('record one chart per metric and cluster: the baseline band, the points judged, the verdict', async () => {
    const report = await createSoakJudge({ metrics: world(['b']) }).soak(
      soakInput({ wave: ['a', 'b'], now: NOW, metrics: METRICS }),
    );

    const charts = report.charts!;
    expect(charts).toMatchObject({
      v: 1,
      wave: 2,
      mergedAt: MERGED.toISOString(),
      soakSince: APPLIED.toISOString(),
      evaluatedAt: NOW.toISOString(),
      intervalMs: 60_000,
      clusters: [
        { cluster: 'a', verdict: 'pass', reasons: [] },
        { cluster: 'b', verdict: 'fail' },
      ],
    });
    expect(charts.currentFrom).toBeUndefined();
    expect(charts.charts.map((c) => `${c.cluster}/${c.metric}/${c.verdict}`)).toEqual([
      'a/error-ratio/pass',
      'a/p95-latency/pass',
      'b/error-ratio/fail',
      'b/p95-latency/fail',
    ]);
    for (const chart of charts.charts) {
      expect(chart.baseline!.p5).toBeLessThanOrEqual(chart.baseline!.median);
      expect(chart.baseline!.median).toBeLessThanOrEqual(chart.baseline!.p95);
      expect(chart.baseline!.n).toBeGreaterThanOrEqual(50);
      expect(chart.current.length).toBeGreaterThanOrEqual(18);
      expect(chart.current.every(([t]) => t >= APPLIED.getTime() / 1000 && t < NOW.getTime() / 1000)).toBe(
        true,
      );
    }
    const latency = charts.charts[3]!;
    expect(latency.baseline!.median).toBeCloseTo(120, 0);
    expect(latency.current.at(-1)![1]).toBeCloseTo(180, -1);
    expect(latency.onset).toBeGreaterThan(APPLIED.getTime() / 1000);
    expect(latency.onset).toBeLessThanOrEqual(ONSET_SEC);
    expect(charts.charts[0]!.onset).toBeUndefined();
    expect(charts.clusters[1]!.reasons[0]).toMatch(/^(error-ratio|p95-latency): /);
  });

  it('are left out when nothing keeps them (GUARD_UI off), with the same verdicts and evidence', async () => {
    const input = soakInput({ wave: ['a', 'b'], now: NOW, metrics: METRICS });

    const kept = await createSoakJudge({ metrics: world(['b']) }).soak(input);
    const plain = await createSoakJudge({ metrics: world(['b']), charts: false }).soak(input);

    expect(kept.charts?.charts).toHaveLength(4);
    expect(plain.charts).toBeUndefined();
    const { charts: _, ...rest } = kept;
    expect(plain).toEqual(rest);
    expect(plain.verdicts).toEqual({ a: 'pass', b: 'fail' });
  });

  it('keep a failed query as a chart without points or baseline, saying why', async () => {
    const metrics = world();
    metrics.series = async () => {
      throw new Error('Prometheus answered 503');
    };

    const report = await createSoakJudge({ metrics }).soak(
      soakInput({ wave: ['a'], now: NOW, metrics: METRICS }),
    );

    expect(report.charts!.charts[0]).toMatchObject({
      metric: 'error-ratio',
      verdict: 'inconclusive',
      reason: 'query failed: Prometheus answered 503',
      current: [],
    });
    expect(report.charts!.charts[0]!.baseline).toBeUndefined();
  });

  it('draw from where the judge looks on a long soak, not from the apply', async () => {
    const late = new Date(APPLIED.getTime() + 6 * 3600_000);

    const report = await createSoakJudge({ metrics: world() }).soak(
      soakInput({ wave: ['a'], now: late, metrics: METRICS }),
    );

    expect(Date.parse(report.charts!.currentFrom!)).toBeGreaterThan(APPLIED.getTime());
    expect(report.charts!.charts[0]!.current.length).toBeLessThanOrEqual(120);
  });

  it('carry the absolute limits of a metric that has them', () => {
    const collector = createChartCollector();
    const spec = resolveMetric({ name: 'errors', kind: 'ratio', max: 0.05 });
    collector.add(spec, 'a', { times: [1, 2], values: [0.01, 0.02] }, undefined);

    const record = collector.build({
      wave: 1,
      mergedAt: MERGED,
      soakSince: APPLIED,
      currentFrom: APPLIED,
      baselineFrom: MERGED,
      evaluatedAt: NOW,
      intervalMs: 60_000,
      clusters: [
        {
          cluster: 'a',
          verdict: 'pass',
          health: [],
          metrics: [
            {
              metric: 'errors',
              kind: 'ratio',
              verdict: 'pass',
              reason: 'ok',
              window: { from: 1, to: 2 },
              baseline: { points: 0, value: 0 },
              current: { points: 2, value: 0.015 },
              changePercent: null,
              p: null,
              test: 'none',
              spark: { baseline: [], current: [] },
            },
          ],
        },
      ],
    });

    expect(record.charts[0]).toMatchObject({
      limits: { max: 0.05 },
      current: [
        [1, 0.01],
        [2, 0.02],
      ],
    });
    expect(record.charts[0]!.baseline).toBeUndefined();
  });
});
