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

  describe('per evaluation, on the newest points', () => {
    /** `n` baseline points a minute before the merge, then `soak`. */
    function short(n: number, baseline: (i: number) => number, soak: number[]) {
      const b = Array.from({ length: n }, (_, i) => baseline(i));
      return {
        base: { times: b.map((_, i) => MERGE - (n - i) * 60), values: b },
        soak: { times: soak.map((_, i) => MERGE + (i + 1) * 60), values: soak },
      };
    }

    it('fails a latency step on its first two points against a 30-point baseline, where a rank test cannot', () => {
      const check = judge(latency, short(30, steady, [100, 101, 121, 122]));

      expect(check.verdict).toBe('fail');
      expect(check.test).toBe('points');
      expect(check.reason).toMatch(
        /^every point of the last 2 above the baseline's noise band \(\d+(\.\d+)?\) and beyond \+10%$/,
      );
      expect(check.current.points).toBe(2);
    });

    it('does not fail when one of the two points is back inside the baseline or the bound', () => {
      expect(judge(latency, short(30, steady, [100, 101, 99, 140])).verdict).toBe('pass');
      expect(judge(latency, short(30, steady, [100, 101, 108, 109])).verdict).toBe('pass');
    });

    it('fails a two-point spike for at most two evaluations in a row, never three', () => {
      const s = short(30, steady, [100, 101, 99, 150, 160, 100, 101, 99]);
      const verdicts = s.soak.times.map(
        (nowSec) =>
          judgeMetric({
            spec: latency,
            base: summarizeBaseline(s.base),
            soak: {
              times: s.soak.times.filter((t) => t <= nowSec),
              values: s.soak.values.filter((_, i) => s.soak.times[i]! <= nowSec),
            },
            nowSec,
            intervalSec: 60,
            soakStartSec: MERGE,
          }).verdict,
      );

      expect(verdicts.filter((v) => v === 'fail').length).toBeLessThanOrEqual(2);
      expect(verdicts.join(' ')).not.toMatch(/fail fail fail/);
    });

    it('fails a count storm on most of the last three points, forgiving one low minute', () => {
      const count = resolveMetric({ name: 'errors', kind: 'count' });
      const poissonish = (i: number) => [0, 1, 0, 2, 1, 0][i % 6]!;

      const storm = judge(count, short(30, poissonish, [0, 1, 9, 1, 8]));
      const burst = judge(count, short(30, poissonish, [0, 1, 0, 30, 1]));

      expect(storm.verdict).toBe('fail');
      expect(storm.test).toBe('points');
      expect(storm.reason).toMatch(
        /^18 events in the last 3 points, most of them beyond \+100% and 0\.5 \(count p=.*; without the largest point p=/,
      );
      expect(burst.verdict).toBe('pass');
    });

    it('lets a count burst fail a run of at most two evaluations, while a storm fails every one', () => {
      // A calm 60-minute baseline at 1.1 errors a minute, then 6, 5, 3, 3: a burst and its tail,
      // the sequence that once failed three evaluations in a row on Poisson noise.
      const count = resolveMetric({ name: 'errors', kind: 'count' });
      const calm = (i: number) => [1, 0, 2, 1, 1, 0, 2, 1, 1, 2][i % 10]!;
      const runOf = (soak: number[]) => {
        const s = series(calm, soak);
        const base = summarizeBaseline(s.base);
        return s.soak.times.map((nowSec, k) => {
          const upTo = { times: s.soak.times.slice(0, k + 1), values: s.soak.values.slice(0, k + 1) };
          return judgeMetric({ spec: count, base, soak: upTo, nowSec, intervalSec: 60, soakStartSec: MERGE })
            .verdict;
        });
      };

      const burst = runOf([1, 0, 1, 6, 5, 3, 3, 1, 0]);
      const storm = runOf([1, 0, 1, 9, 12, 10, 11, 9]);

      expect(burst.join(' ')).not.toMatch(/fail fail fail/);
      expect(burst).toContain('fail');
      expect(storm.slice(4)).toEqual(['fail', 'fail', 'fail', 'fail']);
    });
  });

  describe('with absolute limits', () => {
    const errors = (extra: object) =>
      resolveMetric({ name: 'error-ratio', kind: 'ratio', max: 0.05, ...extra });

    it('fails a flat error ratio above max, whatever the baseline, and says so in the metric’s unit', () => {
      const s = series(() => 0.07, [0.07, 0.072, 0.071]);

      const check = judge(errors({ for: '2m' }), s);

      expect(check.verdict).toBe('fail');
      expect(check.reason).toBe('7.15% > max 5% for 2m');
      expect(check.limit).toMatchObject({ bound: 'max', limit: 0.05, forSec: 120, breached: true });
    });

    it('needs every point of `for` beyond the limit, and a point in each interval of it', () => {
      const dip = series(() => 0.01, [0.01, 0.09, 0.04, 0.09]);
      const gap = series(() => 0.01, [0.09, 0.09]);
      gap.soak.times = [MERGE + 60, MERGE + 240];

      expect(judge(errors({ for: '2m' }), dip).limit?.breached).toBe(false);
      expect(judge(errors({ for: '3m' }), gap).limit?.breached).toBe(false);
    });

    it('fails a breach without a usable baseline, and stays inconclusive without data', () => {
      const s = series(() => 0.01, [0.08, 0.08]);
      s.base = { times: s.base.times.slice(0, 3), values: s.base.values.slice(0, 3) };
      const stopped = series(() => 0.01, [0.08, 0.08]);

      expect(judge(errors({}), s)).toMatchObject({ verdict: 'fail', reason: '8% > max 5% for 1m' });
      const late = judgeMetric({
        spec: errors({}),
        base: summarizeBaseline(stopped.base),
        soak: stopped.soak,
        nowSec: MERGE + 10 * 60,
        intervalSec: 60,
        soakStartSec: MERGE,
      });
      expect(late.verdict).toBe('inconclusive');
    });

    it('fails a success ratio under min where the comparison allows the fall', () => {
      const success = resolveMetric({ name: 'success', kind: 'ratio', direction: 'decrease', min: 0.95 });
      const s = series(() => 0.99, [0.99, 0.6, 0.61]);

      const check = judge(success, s);

      expect(check.verdict).toBe('fail');
      expect(check.reason).toBe('61% < min 95% for 1m');
      expect(check.changePercent).toBeGreaterThan(-50);
    });
  });
});
