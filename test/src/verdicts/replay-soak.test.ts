import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayCase } from '../../../src/verdicts/replay-case.ts';
import { replaySoak } from '../../../src/verdicts/replay-soak.ts';
import { generateTrace, NOISE_CLASSES } from '../../support/trace-generator.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/replay');
const MERGE_SEC = Date.parse('2024-05-06T10:00:00Z') / 1000;

/** Recorded noise traces (one metric each) that once made 3 consecutive failing evaluations. */
function noiseCases(file: string): [string, ReplayCase][] {
  const { cases } = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { cases: ReplayCase[] };
  return cases.map((c) => [`${file} ${c.metrics[0]!.name}`, c]);
}

/** One cluster at `rpm` requests a minute, errors per minute cycling through `errors`, doubled from `onsetMin`. */
function errorStep(rpm: number, errors: number[], onsetMin: number): ReplayCase {
  const ratio: [number, number][] = [];
  const volume: [number, number][] = [];
  for (let i = -60; i < 120; i++) {
    const t = MERGE_SEC + i * 60;
    const e = errors[(i + 60) % errors.length]! * (i >= onsetMin ? 2 : 1);
    ratio.push([t, e / rpm]);
    volume.push([t, rpm]);
  }
  return {
    soak: { duration: '1h', interval: '1m', failAfter: 3 },
    mergeAt: new Date(MERGE_SEC * 1000).toISOString(),
    metrics: [
      { name: 'error-ratio', kind: 'ratio', series: { 'cluster-1': ratio }, volume: { 'cluster-1': volume } },
    ],
  };
}

/** Evaluations from the onset to the failure, counting the one at the onset. */
function evaluationsToDetection(failedAt: string, onsetSec: number): number {
  return (Date.parse(failedAt) / 1000 - onsetSec) / 60 + 1;
}

describe('replaying a soak', () => {
  it('generates the same trace from the same seed, and a different one from another', () => {
    expect(generateTrace('spiky', 7)).toEqual(generateTrace('spiky', 7));
    expect(generateTrace('spiky', 7)).not.toEqual(generateTrace('spiky', 8));
  });

  it.each(NOISE_CLASSES.filter((c) => c !== 'no-data'))('never fails %s noise (20 seeds)', (traceClass) => {
    const verdicts = Array.from(
      { length: 20 },
      (_, seed) => replaySoak(generateTrace(traceClass, seed).case).verdict,
    );

    expect(verdicts).not.toContain('fail');
  });

  it('ends a trace without data after the merge inconclusive, never failed', () => {
    const result = replaySoak(generateTrace('no-data', 1).case);

    expect(result.verdict).toBe('inconclusive');
    expect(result.clusters['cluster-1']).toMatchObject({ verdict: 'inconclusive', failedAt: null });
    expect(result.clusters['cluster-1']!.reason).toMatch(/^insufficient evidence/);
  });

  it.each(['error-ratio-2x', 'error-ratio-5x', 'latency+20%', 'latency+50%', 'count-storm-10x'] as const)(
    'catches a %s step within failAfter + 1 evaluations of its onset (20 seeds; one may take two more)',
    (traceClass) => {
      const delays = Array.from({ length: 20 }, (_, seed) => {
        const trace = generateTrace(traceClass, seed);
        const cluster = replaySoak(trace.case).clusters['cluster-1']!;
        expect(cluster.verdict).toBe('fail');
        return evaluationsToDetection(cluster.failedAt!, trace.onsetSec!);
      });

      // A point of a real step dipping into the noise (Poisson, 10% jitter) delays one evaluation
      // in a few hundred traces; test/bench/verdicts.bench.ts measures how often on 200 per class.
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
      expect(delays.filter((d) => d > 4).length).toBeLessThanOrEqual(1);
      expect(Math.max(...delays)).toBeLessThanOrEqual(6);
    },
  );

  it.each([...noiseCases('low-traffic-noise.json'), ...noiseCases('spiky-noise.json')])(
    'does not roll back recorded noise that once failed by chance: %s',
    (_, replay) => {
      const result = replaySoak(replay);

      expect(result.clusters['cluster-1']).toMatchObject({ verdict: 'pass', failedAt: null });
    },
  );

  it('catches a doubled error ratio at 80 requests a minute once a long window holds enough errors', () => {
    // 2.4 errors a minute before, 4.8 after: a 2-minute window has 160 requests (under minVolume) and
    // a handful of errors, so only the 8- to 16-minute windows carry evidence. At 40 requests and 1%
    // (0.4 errors a minute) most minutes hold no error at all and an hour's soak cannot tell 2× apart.
    const cluster = replaySoak(errorStep(80, [2, 4, 2, 2, 2], 10)).clusters['cluster-1']!;

    expect(cluster.verdict).toBe('fail');
    expect(evaluationsToDetection(cluster.failedAt!, MERGE_SEC + 600)).toBeGreaterThan(4);
    expect(evaluationsToDetection(cluster.failedAt!, MERGE_SEC + 600)).toBeLessThanOrEqual(20);
  });

  it('fails a cluster only after failAfter consecutive failing evaluations, and says when', () => {
    const trace = generateTrace('latency+50%', 3);
    trace.case.soak.failAfter = 5;

    const cluster = replaySoak(trace.case).clusters['cluster-1']!;

    expect(evaluationsToDetection(cluster.failedAt!, trace.onsetSec!)).toBe(6);
    expect(cluster.reason).toMatch(/^5 consecutive failing evaluations: p95-latency: higher than baseline/);
  });

  it('keeps judging other clusters after one fails and reports each', () => {
    const bad = generateTrace('error-ratio-5x', 4).case;
    const good = generateTrace('stationary', 5).case;
    bad.metrics.forEach((m, i) => {
      m.series['cluster-2'] = good.metrics[i]!.series['cluster-1']!;
      if (m.volume) m.volume['cluster-2'] = good.metrics[i]!.volume!['cluster-1']!;
    });

    const result = replaySoak(bad);

    expect(result.verdict).toBe('fail');
    expect(result.clusters['cluster-1']!.verdict).toBe('fail');
    expect(result.clusters['cluster-2']).toMatchObject({ verdict: 'pass', failedAt: null });
  });

  it('reads a count with no series as zero where the cluster reports other metrics, and judges on the rest', () => {
    const trace = generateTrace('stationary', 11).case;
    const restarts = trace.metrics.find((m) => m.name === 'error-count')!;
    restarts.series = {};
    const latency = trace.metrics.find((m) => m.name === 'p95-latency')!;
    latency.series = {};

    const alone = replaySoak({ ...trace, metrics: [restarts] });
    const result = replaySoak(trace);

    expect(alone.clusters).toEqual({});
    expect(result.clusters['cluster-1']).toMatchObject({ verdict: 'pass', failedAt: null });
    expect(result.clusters['cluster-1']!.reason).not.toContain('insufficient evidence');
  });

  it('fails a flat error ratio above the max a team tries in a replay, and only with it', () => {
    const flat = errorStep(10_000, [700], 10_000);
    const limited = structuredClone(flat);
    Object.assign(limited.metrics[0]!, { max: 0.05, for: '2m' });

    expect(replaySoak(flat).verdict).toBe('pass');
    expect(replaySoak(limited).clusters['cluster-1']).toMatchObject({
      verdict: 'fail',
      failedAt: new Date((MERGE_SEC + 3 * 60) * 1000).toISOString(),
      reason: '3 consecutive failing evaluations: error-ratio: 7% > max 5% for 2m',
    });
  });
});
