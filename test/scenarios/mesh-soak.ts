import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/ports/metrics.ts';
import { type MeshStory, meshWorld, STORIES } from './mesh-stories.ts';
import { mergeWave, requestUpgrade } from './steps.ts';
import { rollbackBranch, type World, waveBranch } from './world.ts';

/** A metrics backend holding a story: the source, and when the story's rollout starts. */
export interface MeshBackend {
  name: 'datadog' | 'prometheus';
  /** How the evidence links to the story's monitor or alert. */
  alertLink: RegExp;
  story(story: MeshStory): { metrics: (clock: () => number) => Metrics; start: Date };
}

const MIN = 60_000;

/** The world for `story`, its request pushed and the test wave (test-1, test-2; 10m soak) merged. */
async function soakingTestWave(
  backend: MeshBackend,
  story: MeshStory,
  serviceMetrics?: string[],
): Promise<World> {
  const { metrics, start } = backend.story(story);
  const w = meshWorld({
    metrics,
    backend: backend.name,
    start,
    ...(serviceMetrics ? { serviceMetrics } : {}),
  });
  await requestUpgrade(w);
  await mergeWave(w, 'test');
  expect((await w.state())?.waves[0]?.phase).toBe('soaking');
  return w;
}

function rollbacks(w: World) {
  return w.forge.mergeRequests().filter((m) => m.branch.startsWith('guard/rollback/'));
}

/**
 * The missing-data rules of the soak (issue 13) against one metrics backend, on Istio's default
 * soak metrics over a mesh that has request counters only.
 */
export function describeMeshSoak(backend: MeshBackend): void {
  describe(`scenario: a healthy mesh with missing metrics on ${backend.name}`, () => {
    it('reads the absent error counters as zero, judges without the missing histogram, and passes the wave', async () => {
      const w = await soakingTestWave(backend, STORIES.healthy);

      await w.soakFor(12 * MIN);

      const state = (await w.state())!;
      expect(state.waves[0]?.phase).toBe('passed');
      expect(state.waves[0]?.soak?.extended).toBeUndefined();
      expect(w.forge.check(state.waves[0]!.mergeSha!, 'guard/soak')?.state).toBe('success');
      expect(w.mrOf(waveBranch('dev'))?.state).toBe('open');
      expect(rollbacks(w)).toEqual([]);
      const trail = await w.trail();
      expect(trail.filter((r) => r.action === 'soak.evaluated').at(-1)?.reason).toMatch(
        /evaluation \d+: pass: test-1, test-2$/,
      );
    });

    it('still rolls back a cluster whose reject counter appears after the merge, against its zero baseline', async () => {
      const w = await soakingTestWave(backend, STORIES.rejecting);

      await w.soakFor(10 * MIN);

      expect(rollbacks(w).map((m) => m.branch)).toEqual([rollbackBranch('test')]);
      const body = w.forge.mrBody(rollbacks(w)[0]!.number)!;
      expect(body).toContain('soak failed on cluster test-2');
      expect(body).toMatch(/xds-rejects: higher than baseline/);
    });

    it('holds a wave with a cluster that reports nothing: neutral check, a comment, no rollback; skip-soak goes on', async () => {
      const w = await soakingTestWave(backend, STORIES.silent);
      w.forge.setPermission('lead', 'admin');

      await w.soakFor(25 * MIN);

      const state = (await w.state())!;
      const wave = state.waves[0]!;
      expect(wave.phase).toBe('soaking');
      expect(wave.soak?.held?.reason).toBe(
        'insufficient evidence for cluster test-2 after a soak extended to 20m',
      );
      const check = w.forge.check(wave.mergeSha!, 'guard/soak')!;
      expect(check.state).toBe('neutral');
      expect(check.title).toBe('held: insufficient evidence for cluster test-2 after a soak extended to 20m');
      expect(rollbacks(w)).toEqual([]);
      const number = wave.mr!.number;
      const held = w.forge.comments({ kind: 'mr', number }).filter((c) => c.body.includes('is held'));
      expect(held).toHaveLength(1);
      expect(held[0]!.body).toMatch(/\| test-2 \| .*baseline has 0 points before the merge; needs 8/);
      expect(held[0]!.body).toContain('`/guard skip-soak <reason>`');
      expect(held[0]!.body).toContain('`/guard rollback [reason]`');

      await w.deliver(
        w.commentEvent({ kind: 'mr', number }, '/guard skip-soak test-2 has no exporter', 'lead'),
      );

      expect((await w.state())?.waves[0]?.phase).toBe('passed');
      expect(w.forge.check(wave.mergeSha!, 'guard/soak')?.state).toBe('success');
      expect(w.mrOf(waveBranch('dev'))?.state).toBe('open');
    });

    it('extends a soak GUARD was down for until it has made 80% of its evaluations', async () => {
      const w = await soakingTestWave(backend, STORIES.healthy);
      await w.soakFor(3 * MIN);

      w.advance(8 * MIN); // GUARD is down: nothing ticks
      await w.soakFor(MIN);
      const back = (await w.state())!.waves[0]!;
      await w.soakFor(5 * MIN);

      expect(back).toMatchObject({ phase: 'soaking', soak: { evaluations: 5, needEvaluations: 8 } });
      const state = (await w.state())!;
      expect(state.waves[0]).toMatchObject({ phase: 'passed', soak: { evaluations: 8 } });
      const trail = await w.trail();
      expect(trail.find((r) => r.action === 'soak.extended')?.reason).toBe(
        'wave 1/3 (test): only 5 of the 10 evaluations of a 10m soak were made (GUARD was away for part of it); soak extended until 8 are',
      );
    });
  });

  describe(`scenario: absolute limits on ${backend.name}`, () => {
    it('rolls back a wave whose 5xx ratio was and stays 7% against max 5% for 2m: flat, but over the SLO', async () => {
      const w = await soakingTestWave(backend, STORIES.slo, ['{ name: mesh-5xx-ratio, max: 0.05, for: 2m }']);

      await w.soakFor(8 * MIN);

      expect(rollbacks(w).map((m) => m.branch)).toEqual([rollbackBranch('test')]);
      const body = w.forge.mrBody(rollbacks(w)[0]!.number)!;
      expect(body).toContain('soak failed on cluster test-1');
      // 7% of whole requests per scrape, so 6.9x–7.0x% as the minutes' counts round.
      expect(body).toMatch(/mesh-5xx-ratio: (6\.9\d|7(\.0\d)?)% > max 5% for 2m/);
      expect(body).not.toContain('higher than baseline');
      expect(body).not.toMatch(/test-2 \| ❌/);
    });

    it('passes the same wave without the limit: the comparison with the baseline alone sees no change', async () => {
      const w = await soakingTestWave(backend, STORIES.slo);

      await w.soakFor(12 * MIN);

      expect((await w.state())?.waves[0]?.phase).toBe('passed');
      expect(rollbacks(w)).toEqual([]);
    });
  });

  describe(`scenario: alerts during the soak on ${backend.name}`, () => {
    it('rolls back a wave when a monitor starts firing for a soaking cluster, naming and linking it', async () => {
      const w = await soakingTestWave(backend, STORIES.alerting);

      await w.soakFor(10 * MIN);

      expect(rollbacks(w).map((m) => m.branch)).toEqual([rollbackBranch('test')]);
      const body = w.forge.mrBody(rollbacks(w)[0]!.number)!;
      expect(body).toContain('soak failed on cluster test-2');
      expect(body).toMatch(/alerts: started firing during the soak: MeshUpstreamResets/);
      expect(body).toMatch(backend.alertLink);
      expect(body).not.toMatch(/test-1 \| ❌/);
    });

    it('only warns about a monitor firing since before the merge, and passes the wave', async () => {
      const w = await soakingTestWave(backend, STORIES.alertedBefore);

      await w.soakFor(12 * MIN);

      const state = (await w.state())!;
      expect(state.waves[0]?.phase).toBe('passed');
      expect(rollbacks(w)).toEqual([]);
      const soak = w.forge
        .comments({ kind: 'mr', number: state.waves[0]!.mr!.number })
        .find((c) => c.body.includes('<!-- guard:soak -->'));
      expect(soak?.body).toMatch(
        /⚠️ test-2: alerts: none new; already firing before the merge \(not counted\): NodeDiskPressure/,
      );
    });
  });
}
