import { describe, expect, it } from 'vitest';
import { createWorld, KEY, requestYaml, rollbackBranch, type World, waveBranch } from './world.ts';

/** Pushes the request and merges each wave MR as it opens, soaking through every wave. */
async function mergeWave(w: World, batch: string): Promise<number> {
  const mr = w.mrOf(waveBranch(batch));
  expect(mr?.state, `the ${batch} wave MR is open`).toBe('open');
  w.forge.merge(mr!.number, w.now());
  await w.deliver(w.mrEvent(mr!.number, 'merged'));
  return mr!.number;
}

describe('scenario: a three-wave rollout', () => {
  it('opens one wave MR at a time, soaks each, and completes with the dashboard closed', async () => {
    const w = createWorld({ withRequest: false });

    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));

    const first = w.mrOf(waveBranch('test'))!;
    expect(first.title).toBe('guard: promtail 6.16.0 → test (wave 1/3)');
    expect(first.labels).toEqual(['guard', 'guard/wave']);
    expect(w.forge.mergeRequests()).toHaveLength(1);
    expect(w.forge.file(waveBranch('test'), 'clusters/test-1/promtail.yaml')).toContain(
      "version: '6.16.0'  # bumped by GUARD\r\n",
    );
    expect(w.forge.file(waveBranch('test'), 'clusters/dev-1/promtail.yaml')).toContain("version: '6.15.0'");
    expect(w.forge.check(first.headSha, 'guard/precheck')?.state).toBe('success');
    expect(
      w.forge
        .comments({ kind: 'mr', number: first.number })
        .filter((c) => c.body.includes('<!-- guard:precheck -->')),
    ).toHaveLength(1);
    expect((await w.state())?.waves.map((x) => x.phase)).toEqual(['ready', 'pending', 'pending']);

    await mergeWave(w, 'test');
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
    await w.soakFor(9 * 60_000);
    expect(w.mrOf(waveBranch('dev')), 'no wave 2 MR before the 10m soak ends').toBeUndefined();
    await w.soakFor(2 * 60_000);
    const mergeSha = (await w.state())!.waves[0]!.mergeSha!;
    expect(w.forge.check(mergeSha, 'guard/soak')?.state).toBe('success');
    const soakNotes = w.forge
      .comments({ kind: 'mr', number: first.number })
      .filter((c) => c.body.includes('<!-- guard:soak -->'));
    expect(soakNotes).toHaveLength(1);
    expect(soakNotes[0]?.body).toContain('**soak passed**');
    expect(soakNotes[0]?.body).toContain('| test-1 | 1');
    expect(w.mrOf(waveBranch('dev'))?.state).toBe('open');

    await mergeWave(w, 'dev');
    await w.soakFor(21 * 60_000);
    await mergeWave(w, 'prod');
    await w.soakFor(21 * 60_000);

    const state = await w.state();
    expect(state?.phase).toBe('completed');
    expect(state?.waves.map((x) => x.phase)).toEqual(['passed', 'passed', 'passed']);
    expect([...w.deployed.values()]).toEqual(Array(6).fill('6.16.0'));
    expect(w.forge.mergeRequests().map((m) => m.branch)).toEqual([
      waveBranch('test'),
      waveBranch('dev'),
      waveBranch('prod'),
    ]);
    expect(w.forge.branches()).not.toContain(rollbackBranch('test'));
    const dashboards = w.forge.issues();
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]).toMatchObject({
      title: 'GUARD rollout: promtail 6.16.0',
      open: false,
      labels: ['guard', 'guard/dashboard'],
    });
  });

  it('leaves an audit trail that tells the rollout from request to completion', async () => {
    const w = createWorld({ withRequest: false });
    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
    for (const batch of ['test', 'dev', 'prod']) {
      await mergeWave(w, batch);
      await w.soakFor(21 * 60_000);
    }

    const trail = await w.trail();
    const story = trail.map((r) => r.action).filter((a) => !a.startsWith('forge.') && a !== 'soak.evaluated');

    expect(story).toEqual([
      'rollout.started',
      'wave.opened',
      'wave.ready',
      'wave.merged',
      'wave.applied',
      'wave.passed',
      'wave.opened',
      'wave.ready',
      'wave.merged',
      'wave.applied',
      'wave.passed',
      'wave.opened',
      'wave.ready',
      'wave.merged',
      'wave.applied',
      'wave.passed',
      'rollout.completed',
    ]);
    expect(trail.filter((r) => r.action === 'forge.open-wave-mr')).toHaveLength(3);
    expect(trail.every((r) => r.at && r.actor && r.reason)).toBe(true);
    expect(trail.find((r) => r.action === 'wave.merged')?.reason).toMatch(
      /wave 1\/3 \(test\): MR !\d+ merged at/,
    );
    expect(KEY).toBe('github:acme/fleet:promtail');
  });
});
