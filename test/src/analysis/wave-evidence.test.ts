import { describe, expect, it } from 'vitest';
import { waveEvidence } from '../../../src/analysis/wave-evidence.ts';
import type { RolloutState, WaveState } from '../../../src/rollout/model.ts';

const field = (c: string) => ({
  file: `clusters/${c}/promtail.yaml`,
  chart: 'promtail',
  resource: 'HelmRelease/logging/promtail',
  field: 'spec.chart.spec.version',
  from: '6.15.0',
  to: '6.16.0',
});

function wave(names: string[], overrides: Partial<WaveState> = {}): WaveState {
  return {
    index: 2,
    batch: 'dev',
    soakMs: 1_200_000,
    phase: 'rolling-back',
    branch: 'guard/promtail/6.16.0/dev',
    clusters: names.map((name) => ({ name, environment: 'dev', fields: [field(name)] })),
    mergedAt: '2026-03-02T11:00:00.000Z',
    failure: { at: '2026-03-02T11:05:00.000Z', reason: 'soak failed on cluster dev-2' },
    ...overrides,
  };
}

function state(w: WaveState): RolloutState {
  return {
    key: 'github:acme/fleet:promtail',
    service: 'promtail',
    version: '6.16.0',
    digest: 'd',
    phase: 'failed',
    waves: [
      { ...w, index: 1, batch: 'test', phase: 'passed' },
      w,
      { ...w, index: 3, batch: 'prod', phase: 'pending' },
    ],
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T11:05:00.000Z',
  };
}

const soak = (failures: Record<string, number>, passes: Record<string, number> = {}) => ({
  startedAt: '',
  elapsedMs: 0,
  countedAt: '',
  failures,
  passes,
  evaluations: 5,
  inconclusive: 0,
});

describe('waveEvidence', () => {
  it('takes the wave, its soak counters and fields, failing clusters first', () => {
    const w = wave(['dev-1', 'dev-2'], {
      soak: soak({ 'dev-2': 3 }, { 'dev-1': 4 }),
      evidence: 'error ratio 4.1%',
    });

    const e = waveEvidence(state(w), w);

    expect(e).toMatchObject({
      service: 'promtail',
      version: '6.16.0',
      wave: { index: 2, of: 3, batch: 'dev' },
      failure: { reason: 'soak failed on cluster dev-2' },
      soak: 'error ratio 4.1%',
      workloads: { names: [] },
      moreClusters: 0,
    });
    expect(e.clusters.map((c) => [c.name, c.failing, c.failures, c.passes])).toEqual([
      ['dev-2', true, 3, 0],
      ['dev-1', false, 0, 4],
    ]);
    expect(e.clusters[0]?.fields).toEqual([field('dev-2')]);
  });

  it('without soak failures, takes the clusters the reason names (a rollout timeout), as whole names', () => {
    const w = wave(['test-1', 'test-10', 'test-2'], {
      failure: { at: '2026-03-02T11:30:00.000Z', reason: 'not applied within 30m: test-1, test-2' },
    });

    const e = waveEvidence(state(w), w);

    expect(e.clusters.filter((c) => c.failing).map((c) => c.name)).toEqual(['test-1', 'test-2']);
  });

  it("takes every cluster when nothing points at one (a person's rollback)", () => {
    const w = wave(['dev-1', 'dev-2'], {
      failure: { at: 'x', reason: 'rollback requested by alice: errors doubled' },
    });

    expect(waveEvidence(state(w), w).clusters.every((c) => c.failing)).toBe(true);
  });

  it('keeps at most 200 clusters and 12,000 characters of evidence, counting what it left out', () => {
    const names = Array.from({ length: 250 }, (_, i) => `dev-${i}`);
    const w = wave(names, { soak: soak({ 'dev-249': 3 }), evidence: 'x'.repeat(20_000) });

    const e = waveEvidence(state(w), w);

    expect(e.clusters).toHaveLength(200);
    expect(e.clusters[0]?.name).toBe('dev-249');
    expect(e.moreClusters).toBe(50);
    expect(e.soak).toHaveLength(12_000);
  });
});
