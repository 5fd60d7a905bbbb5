import { describe, expect, it } from 'vitest';
import { summarizeBaseline } from '../../../src/verdicts/baseline-summary.ts';
import { judgeMetric } from '../../../src/verdicts/judge-metric.ts';
import { resolveMetric } from '../../../src/verdicts/metric-spec.ts';
import type { SeriesPoints } from '../../../src/verdicts/series-points.ts';

const MERGE = 1_714_989_600;
const latency = resolveMetric({ name: 'p95', kind: 'latency' });

/** One point a minute: 60 before the merge, then `soak` values after it. */
function series(baseline: (i: number) => number, soak: number[]): { base: SeriesPoints; soak: SeriesPoints } {
  const b = Array.from({ length: 60 }, (_, i) => baseline(i));
  return {
    base: { times: b.map((_, i) => MERGE - (60 - i) * 60), values: b },
    soak: { times: soak.map((_, i) => MERGE + (i + 1) * 60), values: soak },
  };
}

function judge(spec = latency, s: { base: SeriesPoints; soak: SeriesPoints }, drift?: number[]) {
  return judgeMetric({
    spec,
    base: summarizeBaseline(s.base),
    soak: s.soak,
    nowSec: s.soak.times.at(-1) ?? MERGE + 60,
    intervalSec: 60,
    soakStartSec: MERGE,
    ...(drift ? { drift } : {}),
  });
}

const steady = (i: number) => 100 + ((i * 37) % 7) - 3;

describe('judging one metric', () => {
  it('fails a latency step of +25% once two points carry it, with the evidence', () => {
    const check = judge(latency, series(steady, [100, 101, 99, 125, 126]));

    expect(check.verdict).toBe('fail');
    expect(check.test).toBe('mann-whitney');
    expect(check.baseline.points).toBe(60);
    expect(check.changePercent).toBeGreaterThan(20);
    expect(check.p).toBeLessThan(0.005);
  });

  it('fails a 2-point window only when both points exceed the whole 60-point baseline', () => {
    const spread = (i: number) => 50 + i;

    const above = judge(latency, series(spread, [80, 80, 110, 120]));
    const oneBelowTop = judge(latency, series(spread, [80, 80, 108.5, 120]));

    expect(above.verdict).toBe('fail');
    expect(above.p).toBeCloseTo(1 / 1891, 6);
    // 108.5 clears every bound; it only ranks under one baseline point, and p = 2/1891 > 0.001.
    expect(oneBelowTop.verdict).toBe('pass');
  });

  it('passes a single spike: the less-bad half of the window must be beyond the bound too', () => {
    const check = judge(latency, series(steady, [100, 101, 99, 100, 300]));

    expect(check.verdict).toBe('pass');
  });

  it('is inconclusive when the metric stopped reporting, whatever older points say', () => {
    const s = series(steady, [100, 101, 99, 100, 101]);
    const check = judgeMetric({
      spec: latency,
      base: summarizeBaseline(s.base),
      soak: s.soak,
      nowSec: MERGE + 10 * 60,
      intervalSec: 60,
      soakStartSec: MERGE,
    });

    expect(check.verdict).toBe('inconclusive');
    expect(check.reason).toBe('no data in the last 2m');
  });

  it('is inconclusive without enough baseline points', () => {
    const s = series(steady, [100, 130, 130]);
    s.base = { times: s.base.times.slice(0, 5), values: s.base.values.slice(0, 5) };

    expect(judge(latency, s).verdict).toBe('inconclusive');
  });

  it('does not blame the upgrade for a shift the control clusters share', () => {
    const s = series(steady, [100, 101, 99, 125, 126]);

    expect(judge(latency, s, [1.25, 1.25, 1.25]).verdict).toBe('pass');
    expect(judge(latency, s, [1, 1, 1]).verdict).toBe('fail');
  });

  it('fails a throughput drop for a rate, where lower is worse, but not a rise', () => {
    const rate = resolveMetric({ name: 'rps', kind: 'rate' });

    expect(judge(rate, series(steady, [100, 100, 40, 41, 39])).verdict).toBe('fail');
    expect(judge(rate, series(steady, [100, 100, 190, 191, 189])).verdict).toBe('pass');
  });

  it('needs request volume before an error ratio counts as evidence', () => {
    const ratio = resolveMetric({ name: 'errors', kind: 'ratio' });
    const s = series(() => 0.01, [0.01, 0.5, 0.5]);
    s.base.volumes = s.base.values.map(() => 3);
    s.soak.volumes = s.soak.values.map(() => 3);

    const check = judge(ratio, s);

    expect(check.verdict).toBe('inconclusive');
    expect(check.reason).toMatch(/requests; needs 200/);
  });

  it('fails a doubled error ratio at volume with the count test', () => {
    const ratio = resolveMetric({ name: 'errors', kind: 'ratio' });
    const s = series(() => 0.01, [0.01, 0.02, 0.021, 0.019]);
    s.base.volumes = s.base.values.map(() => 10_000);
    s.soak.volumes = s.soak.values.map(() => 10_000);

    const check = judge(ratio, s);

    expect(check.verdict).toBe('fail');
    expect(check.test).toBe('count');
  });

  it('never fails a change smaller than minDelta, however significant', () => {
    const ratio = resolveMetric({ name: 'errors', kind: 'ratio' });
    const s = series(() => 0.001, [0.001, 0.002, 0.002, 0.002]);
    s.base.volumes = s.base.values.map(() => 100_000);
    s.soak.volumes = s.soak.values.map(() => 100_000);

    expect(judge(ratio, s).verdict).toBe('pass');
  });
});
