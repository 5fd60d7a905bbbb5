import { describe, expect, it } from 'vitest';
import { mergeWave, requestUpgrade } from './steps.ts';
import { createWorld, requestYaml, rollbackBranch, waveBranch } from './world.ts';

describe('scenario: recovering from what would otherwise wedge a rollout', () => {
  it('retrying the same version after a rollback opens a fresh wave MR and, when it fails again, a fresh rollback MR', async () => {
    const w = createWorld({ verdict: (c) => (c === 'test-1' ? 'fail' : 'pass') });
    await requestUpgrade(w);
    await mergeWave(w, 'test');
    await w.soakFor(4 * 60_000);
    const first = w.mrOf(rollbackBranch('test'))!;
    w.forge.merge(first.number, w.now());
    await w.deliver(w.mrEvent(first.number, 'merged'));
    expect((await w.state())?.phase).toBe('rolled-back');

    // Same version, changed document: a new attempt reusing every branch name.
    await requestUpgrade(w, '6.16.0', 'rolloutTimeout: 45m\n');
    const retry = w.forge.mergeRequests().filter((m) => m.branch === waveBranch('test'));
    expect(retry.map((m) => m.state)).toEqual(['merged', 'open']);
    expect(w.forge.file(waveBranch('test'), 'clusters/test-1/promtail.yaml')).toContain("version: '6.16.0'");
    await mergeWave(w, 'test');
    await w.soakFor(4 * 60_000);

    const rollbacks = w.forge.mergeRequests().filter((m) => m.branch === rollbackBranch('test'));
    expect(rollbacks.map((m) => m.state)).toEqual(['merged', 'open']);
    expect(w.forge.file(rollbackBranch('test'), 'clusters/test-1/promtail.yaml')).toContain(
      "version: '6.15.0'",
    );
    const trail = await w.trail();
    expect(trail.filter((r) => r.action === 'forge.open-rollback-mr').length).toBeLessThanOrEqual(3);
  });

  it('gives up a merge the forge keeps refusing, says so, and still takes a new request', async () => {
    const w = createWorld({ verdict: (c) => (c === 'test-1' ? 'fail' : 'pass') });
    w.forge.refuse('mergeMergeRequest', 405);
    await requestUpgrade(w, '6.16.0', 'rollback: { mode: automatic, autoMerge: true }\n');
    await mergeWave(w, 'test');
    await w.soakFor(6 * 60_000);

    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
    const trail = await w.trail();
    expect(trail.filter((r) => r.action === 'action.abandoned')).toHaveLength(1);
    expect(trail.find((r) => r.action === 'action.abandoned')?.reason).toContain(
      'merge-mr gave up after 1 tries',
    );

    await requestUpgrade(w, '6.17.0');
    expect(await w.state()).toMatchObject({ version: '6.17.0', phase: 'active' });
    expect(w.mrOf(waveBranch('test', '6.17.0'))?.state).toBe('open');
  });

  it('answers an accepted command it cannot carry out while the request has errors', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');
    await w.deliver(
      w.push({ 'guard/upgrade.yaml': requestYaml().replace('interval: 1m', 'interval: soon') }),
    );

    await w.deliver(w.commentEvent({ kind: 'mr', number }, '/guard rollback errors up', 'alice'));

    const replies = w.forge
      .comments({ kind: 'mr', number })
      .filter((c) => c.body.includes('was not carried out'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('see the guard/request check');
    expect(await w.store.get('inbox/github:acme/fleet:promtail')).toBeUndefined();
  });

  it('passes a wave whose clusters were all upgraded by hand, without an empty MR', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    await mergeWave(w, 'test');
    const manual = (c: string) =>
      (w.forge.file('main', `clusters/${c}/promtail.yaml`) ?? '').replace("'6.15.0'", "'6.16.0'");
    w.forge.push({
      'clusters/dev-1/promtail.yaml': manual('dev-1'),
      'clusters/dev-2/promtail.yaml': manual('dev-2'),
    });

    await w.soakFor(11 * 60_000);

    expect(w.mrOf(waveBranch('dev'))).toBeUndefined();
    expect(w.mrOf(waveBranch('prod'))?.state).toBe('open');
    const state = await w.state();
    expect(state?.waves.map((x) => x.phase)).toEqual(['passed', 'passed', 'ready']);
    expect(
      (await w.trail()).some((r) => r.reason.includes('every cluster already runs 6.16.0; no MR needed')),
    ).toBe(true);
  });
});
