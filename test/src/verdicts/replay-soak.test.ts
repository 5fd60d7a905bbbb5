import { describe, expect, it } from 'vitest';
import { replaySoak } from '../../../src/verdicts/replay-soak.ts';
import { generateTrace, NOISE_CLASSES } from '../../../src/verdicts/trace-generator.ts';

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

  it.each(['error-ratio-2x', 'error-ratio-5x', 'latency+20%', 'latency+50%'] as const)(
    'catches a %s step within failAfter + 1 evaluations of its onset (20 seeds)',
    (traceClass) => {
      for (let seed = 0; seed < 20; seed++) {
        const trace = generateTrace(traceClass, seed);

        const cluster = replaySoak(trace.case).clusters['cluster-1']!;

        expect(cluster.verdict).toBe('fail');
        expect(evaluationsToDetection(cluster.failedAt!, trace.onsetSec!)).toBeGreaterThanOrEqual(1);
        expect(evaluationsToDetection(cluster.failedAt!, trace.onsetSec!)).toBeLessThanOrEqual(20);
      }
    },
  );

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
});
