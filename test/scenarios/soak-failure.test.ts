import { describe, expect, it } from 'vitest';
import { mergeWave, passWaves, requestUpgrade, versionsIn } from './steps.ts';
import { createWorld, releaseYaml, rollbackBranch, waveBranch } from './world.ts';

describe('scenario: the soak of wave 2 fails', () => {
  it('opens exactly one rollback MR restoring exactly wave 2, and no wave 3', async () => {
    const w = createWorld({ verdict: (cluster) => (cluster === 'dev-2' ? 'fail' : 'pass') });
    await requestUpgrade(w);
    await passWaves(w, ['test']);
    await mergeWave(w, 'dev');

    await w.soakFor(10 * 60_000);

    const rollbacks = w.forge.mergeRequests().filter((m) => m.branch.startsWith('guard/rollback/'));
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]).toMatchObject({
      branch: rollbackBranch('dev'),
      title: 'guard: roll back promtail 6.16.0 on dev',
      state: 'open',
      labels: ['guard', 'guard/rollback'],
    });
    expect(versionsIn(w, rollbackBranch('dev'), ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1'])).toEqual({
      'test-1': '6.16.0',
      'test-2': '6.16.0',
      'dev-1': '6.15.0',
      'dev-2': '6.15.0',
      'prod-1': '6.15.0',
    });
    // Only the two dev files change, and only in their version scalar.
    expect(w.forge.file(rollbackBranch('dev'), 'clusters/dev-2/promtail.yaml')).toBe(
      releaseYaml('dev-2', '6.15.0'),
    );
    expect(w.mrOf(waveBranch('prod'))).toBeUndefined();
    const body = w.forge.mrBody(rollbacks[0]!.number)!;
    expect(body).toContain('soak failed on cluster dev-2: 3 consecutive failing evaluations');
    expect(body).toContain('error ratio 4.1% vs baseline 0.2% on dev-2');

    const state = await w.state();
    expect(state?.phase).toBe('failed');
    expect(state?.waves.map((x) => x.phase)).toEqual(['passed', 'rolling-back', 'pending']);
    const waveMr = w.mrOf(waveBranch('dev'))!;
    const notes = w.forge.comments({ kind: 'mr', number: waveMr.number }).map((c) => c.body);
    expect(notes.filter((b) => b.includes('failed.**'))).toHaveLength(1);
    expect(w.forge.check(state!.waves[1]!.mergeSha!, 'guard/soak')?.state).toBe('failure');
  });

  it('finishes rolled back once the rollback MR is merged and the clusters are back', async () => {
    const w = createWorld({ verdict: (cluster) => (cluster === 'dev-2' ? 'fail' : 'pass') });
    await requestUpgrade(w);
    await passWaves(w, ['test']);
    await mergeWave(w, 'dev');
    await w.soakFor(5 * 60_000);
    const rollback = w.mrOf(rollbackBranch('dev'))!;

    w.forge.merge(rollback.number, w.now());
    await w.deliver(w.mrEvent(rollback.number, 'merged'));

    const state = await w.state();
    expect(state?.phase).toBe('rolled-back');
    expect(state?.waves[1]?.phase).toBe('rolled-back');
    expect(w.deployed.get('dev-2')).toBe('6.15.0');
    expect(w.deployed.get('test-1')).toBe('6.16.0');
    expect(w.forge.issues()[0]?.open).toBe(false);
    // Never roll back a rollback; the rollout stays over until the request changes.
    await w.soakFor(5 * 60_000);
    expect(w.forge.mergeRequests().filter((m) => m.branch.startsWith('guard/rollback/'))).toHaveLength(1);
  });

  it('with rollback: manual, fails the wave and waits for /guard rollback', async () => {
    const w = createWorld({
      withRequest: false,
      verdict: (cluster) => (cluster === 'test-1' ? 'fail' : 'pass'),
    });
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w, '6.16.0', 'rollback: manual\n');
    await mergeWave(w, 'test');
    await w.soakFor(5 * 60_000);

    expect(w.mrOf(rollbackBranch('test'))).toBeUndefined();
    const waveMr = w.mrOf(waveBranch('test'))!;
    const notes = w.forge.comments({ kind: 'mr', number: waveMr.number }).map((c) => c.body);
    expect(notes.some((b) => b.includes('comment `/guard rollback`'))).toBe(true);

    await w.deliver(
      w.commentEvent({ kind: 'mr', number: waveMr.number }, '/guard rollback errors doubled', 'alice'),
    );

    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
    expect((await w.state())?.waves[0]?.rollback?.reason).toBe('rollback requested by alice: errors doubled');
  });

  it('fails a wave whose clusters do not apply within the rollout timeout, and rolls it back', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    w.setGitOps(false);
    await mergeWave(w, 'test');

    await w.soakFor(29 * 60_000);
    expect((await w.state())?.waves[0]?.phase).toBe('applying');
    await w.soakFor(2 * 60_000);

    const state = await w.state();
    expect(state?.waves[0]?.failure?.reason).toBe('not applied within 30m: test-1, test-2');
    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
  });
});
