import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { summarizeBaseline } from '../../../src/verdicts/baseline-summary.ts';
import { judgeMetric } from '../../../src/verdicts/judge-metric.ts';
import { type MetricKind, resolveMetric } from '../../../src/verdicts/metric-spec.ts';
import { replaySoak } from '../../../src/verdicts/replay-soak.ts';
import type { SeriesPoints } from '../../../src/verdicts/series-points.ts';
import { generateTrace, NOISE_CLASSES, REGRESSION_CLASSES } from '../../support/trace-generator.ts';

/**
 * The soak tick's speed work must not move a p-value in its last bit. The tick-equivalence
 * snapshots hold what GUARD writes, p-values rounded to two digits; these digests hold every
 * figure of every evaluation in full: each trace class's replays as the verdict-quality bench
 * makes them, with the reasoning of every evaluation, and judgeMetric on random series of every
 * kind (ties, all-equal runs, gaps, steps, drift, volumes, limits, short and missing baselines).
 * The snapshot was written by the judge before the speed work (main at ee07c09).
 */
function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function replays(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const traceClass of [...NOISE_CLASSES, ...REGRESSION_CLASSES]) {
    const results = [];
    for (let seed = 1; seed <= 12; seed++) {
      const trace = generateTrace(traceClass, seed * 7919 + traceClass.length);
      results.push(replaySoak(trace.case, { explain: true }));
    }
    out[traceClass] = digest(results);
  }
  return out;
}

/** A small deterministic generator, so the random cases are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

const KINDS: MetricKind[] = ['ratio', 'latency', 'count', 'rate', 'gauge'];
const DIRECTIONS = ['increase', 'decrease', 'either'] as const;

function randomChecks(count: number): string {
  const rnd = lcg(12345);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const checks = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const spec = resolveMetric({
      name: 'm',
      kind,
      query: 'q',
      ...(rnd() < 0.3 ? { direction: pick(DIRECTIONS) } : {}),
      ...(rnd() < 0.1 ? { max: 150 } : {}),
      ...(rnd() < 0.3 ? { minDelta: 0 } : {}),
    });
    const mode = Math.floor(rnd() * 6);
    const value = (scale: number): number => {
      if (mode === 0) return Math.round(rnd() * 4) * scale; // heavy ties
      if (mode === 1) return 100 * scale; // all equal
      if (mode === 2) return kind === 'ratio' ? 0.01 * scale * (1 + rnd()) : 100 * scale * (1 + 0.1 * rnd());
      if (mode === 3) return rnd() < 0.8 ? 0 : Math.floor(rnd() * 5) * scale;
      if (mode === 4) return Math.round(100 * scale * (1 + 0.2 * rnd()));
      return 100 * (scale + rnd() * 0.05);
    };
    const withVolume = kind === 'ratio' && rnd() < 0.5;
    const series = (n: number, firstSec: number, step: (i: number) => number): SeriesPoints => {
      const s: SeriesPoints = { times: [], values: [], ...(withVolume ? { volumes: [] } : {}) };
      for (let k = 0; k < n; k++) {
        if (rnd() < 0.05) continue; // a gap
        s.times.push(firstSec + k * 60);
        s.values.push(value(step(k)));
        s.volumes?.push(Math.round(rnd() * 1000));
      }
      return s;
    };
    const baseN = pick([0, 1, 5, 8, 30, 60, 300]);
    const base = baseN === 0 && rnd() < 0.5 ? undefined : summarizeBaseline(series(baseN, 0, () => 1));
    const soakN = pick([0, 1, 2, 3, 5, 17, 60, 128]);
    const factor = rnd() < 0.5 ? 1 : pick([0.5, 1.2, 2, 5]);
    const soak = series(soakN, 100_060, (k) => (k > soakN / 2 ? factor : 1));
    const drift = rnd() < 0.5 ? undefined : Array.from({ length: 8 }, () => 0.8 + rnd() * 0.5);
    checks.push(
      judgeMetric({
        spec,
        // The engine hands a stored baseline back as JSON.
        base: base && JSON.parse(JSON.stringify(base)),
        soak,
        nowSec: 100_000 + soakN * 60,
        intervalSec: 60,
        soakStartSec: 100_000,
        ...(drift ? { drift } : {}),
      }),
    );
  }
  return digest(checks);
}

describe('the soak judge, figure for figure', () => {
  it('replays every trace class of the quality bench to the same evaluations, p-values in full', async () => {
    const figures = { replays: replays(), randomChecks: randomChecks(3000) };

    await expect(`${JSON.stringify(figures, null, 1)}\n`).toMatchFileSnapshot(
      '__snapshots__/replay-equivalence.json',
    );
  });
});
