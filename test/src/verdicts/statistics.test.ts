import { describe, expect, it } from 'vitest';
import { summarizeBaseline } from '../../../src/verdicts/baseline-summary.ts';
import { binomialUpper, countTestGreater } from '../../../src/verdicts/count-test.ts';
import { mannWhitney, rankBaseline } from '../../../src/verdicts/mann-whitney.ts';
import { normalUpper } from '../../../src/verdicts/normal-tail.ts';

describe('normal upper tail', () => {
  it.each([
    [0, 0.5],
    [1.6449, 0.05],
    [2.3263, 0.01],
    [-1.6449, 0.95],
  ])('P(Z ≥ %d) is %d', (z, p) => {
    expect(normalUpper(z)).toBeCloseTo(p, 4);
  });
});

describe('Mann–Whitney U', () => {
  it('gives the exact smallest p-value when both current points exceed every baseline point', () => {
    const base = rankBaseline(Array.from({ length: 60 }, (_, i) => i));

    const { u, p } = mannWhitney(base, [100, 101]);

    expect(u).toBe(120);
    expect(p).toBeCloseTo(1 / 1891, 8); // one arrangement of C(62, 2)
  });

  it('matches a hand-computed exact tail for small samples', () => {
    // n1 = 3, n2 = 2: U ranges 0..6 over C(5,2) = 10 arrangements; U ≥ 5 in two of them.
    const { p } = mannWhitney(rankBaseline([1, 2, 3]), [2.5, 4]);

    expect(p).toBeCloseTo(0.2, 10);
  });

  it('is symmetric: "less" on a shifted-down sample is as significant as "greater" on a shifted-up one', () => {
    const base = rankBaseline(Array.from({ length: 40 }, (_, i) => 100 + (i % 10)));
    const up = Array.from({ length: 20 }, (_, i) => 115 + (i % 5));
    const down = up.map((v) => 200 - v);

    expect(mannWhitney(base, down, 'less').p).toBeCloseTo(mannWhitney(base, up, 'greater').p, 12);
    expect(mannWhitney(base, up, 'greater').p).toBeLessThan(1e-6);
  });

  it('finds nothing when everything ties (all-zero baseline and current)', () => {
    const { p } = mannWhitney(rankBaseline(new Array(60).fill(0)), new Array(20).fill(0));

    expect(p).toBeGreaterThan(0.4);
  });
});

describe('count test', () => {
  it('does not make one error after a quiet hour fatal', () => {
    const p = countTestGreater({ current: 1, baseline: 0, exposureCurrent: 2, exposureBaseline: 60 });

    expect(p).toBeCloseTo(2 / 62, 6);
    expect(p).toBeGreaterThan(0.01);
  });

  it('does not let an all-zero baseline hide a burst', () => {
    const p = countTestGreater({ current: 4, baseline: 0, exposureCurrent: 2, exposureBaseline: 60 });

    expect(p).toBeLessThan(1e-5);
  });

  it('sees no evidence in a rate that did not change', () => {
    expect(
      countTestGreater({ current: 10, baseline: 300, exposureCurrent: 2, exposureBaseline: 60 }),
    ).toBeGreaterThan(0.3);
  });

  it('agrees with the exact binomial tail and its normal approximation at large counts', () => {
    expect(binomialUpper(10, 8, 0.5)).toBeCloseTo(56 / 1024, 10);
    expect(binomialUpper(100_000, 50_500, 0.5)).toBeCloseTo(
      normalUpper((50_500 - 0.5 - 50_000) / Math.sqrt(25_000)),
      6,
    );
  });
});

describe('baseline dispersion', () => {
  const minutes = (values: number[]) => ({ times: values.map((_, i) => i * 60), values });

  it('counts what exceeds Poisson chance by one standard error', () => {
    // 60 points alternating 0 and 8: mean 4, sample variance 16.27, four times Poisson's.
    const values = Array.from({ length: 60 }, (_, i) => (i % 2 ? 8 : 0));
    const observedOverExpected = (60 * 16) / (4 * 59);

    expect(summarizeBaseline(minutes(values)).dispersion).toBeCloseTo(
      observedOverExpected - Math.sqrt(2 / 59),
      4,
    );
  });

  it('is 1 for counts no burstier than Poisson, and absent with fewer than 8 points', () => {
    expect(
      summarizeBaseline(minutes(Array.from({ length: 60 }, (_, i) => [1, 2, 1, 0, 1][i % 5]!))).dispersion,
    ).toBe(1);
    expect(summarizeBaseline(minutes([0, 9, 0, 9, 0, 9, 0])).dispersion).toBeUndefined();
  });
});
