import { describe, expect, it } from 'vitest';
import { mergeWave, requestUpgrade } from './steps.ts';
import { createWorld, KEY, requestYaml, rollbackBranch, type World, waveBranch } from './world.ts';

/** What a rollout's first wave left on the forge: everything must exist exactly once. */
function firstWaveFootprint(w: World) {
  const mrs = w.forge.mergeRequests();
  const mr = mrs.find((m) => m.branch === waveBranch('test'));
  const sticky = mr
    ? w.forge
        .comments({ kind: 'mr', number: mr.number })
        .filter((c) => c.body.includes('<!-- guard:precheck -->'))
    : [];
  return {
    mrs: mrs.length,
    waveBranches: w.forge.branches().filter((b) => b.startsWith('guard/')),
    commitsOnBranch: w.forge.writes().filter((x) => x.verb === 'commit' && x.detail === waveBranch('test'))
      .length,
    stickyComments: sticky.length,
    dashboards: w.forge.issues().length,
    precheck: mr && w.forge.check(mr.headSha, 'guard/precheck')?.state,
  };
}

const CLEAN = {
  mrs: 1,
  waveBranches: [waveBranch('test')],
  commitsOnBranch: 1,
  stickyComments: 1,
  dashboards: 1,
  precheck: 'success',
};

describe('reliability', () => {
  it('the same webhook delivered 5 times gives one set of MRs, comments and statuses', async () => {
    const w = createWorld({ withRequest: false });
    const push = w.push({ 'guard/upgrade.yaml': requestYaml() });

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await w.deliver(push, 'delivery-1'));

    expect(answers).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(firstWaveFootprint(w)).toEqual(CLEAN);
    expect(w.forge.checks().filter((c) => c.name === 'guard/request')).toHaveLength(1);
    expect(w.world.precheckCalls).toBe(1);
  });

  it('the same event under 5 different delivery ids still opens everything once (level-triggered)', async () => {
    const w = createWorld({ withRequest: false });
    const push = w.push({ 'guard/upgrade.yaml': requestYaml() });

    for (let i = 0; i < 5; i++) await w.deliver(push, `delivery-${i}`);

    expect(firstWaveFootprint(w)).toEqual(CLEAN);
    expect(w.world.precheckCalls).toBe(1);
  });

  it('a crash after any single forge write while opening a wave MR, then a restart, completes it exactly once', async () => {
    const clean = createWorld({ withRequest: false });
    await clean.deliver(clean.push({ 'guard/upgrade.yaml': requestYaml() }));
    const writes = clean.forge.writes().length;
    expect(writes).toBeGreaterThanOrEqual(6);

    for (let k = 1; k <= writes; k++) {
      const w = createWorld({ withRequest: false });
      const push = w.push({ 'guard/upgrade.yaml': requestYaml() });
      w.forge.crashAfterWrite(k);
      await w.deliver(push, 'delivery-1');
      expect(w.isDead(), `crashed after write ${k}`).toBe(true);

      w.restart('replica-2');
      w.advance(3 * 60_000); // the dead replica's lease expires
      await w.tick();

      expect(firstWaveFootprint(w), `crash after write ${k}: ${clean.forge.writes()[k - 1]?.verb}`).toEqual(
        CLEAN,
      );
      expect((await w.state())?.waves[0]?.phase).toBe('ready');
    }
  });

  it('a crash after any single forge write while opening a rollback MR, then a restart, completes it exactly once', async () => {
    const failing = (cluster: string) => (cluster === 'test-1' ? 'fail' : 'pass');
    const prepare = async () => {
      const w = createWorld({ verdict: failing });
      await requestUpgrade(w);
      await mergeWave(w, 'test');
      await w.soakFor(2 * 60_000); // two failing evaluations: the third fails the wave
      return w;
    };
    const clean = await prepare();
    const before = clean.forge.writes().length;
    await clean.soakFor(60_000);
    const writes = clean.forge.writes().length - before;
    expect(clean.mrOf(rollbackBranch('test'))?.state).toBe('open');

    for (let k = 1; k <= writes; k++) {
      const w = await prepare();
      w.forge.crashAfterWrite(k);
      await w.soakFor(60_000);
      expect(w.isDead(), `crashed after write ${k}`).toBe(true);

      w.restart('replica-2');
      w.advance(3 * 60_000);
      await w.tick();

      const rollbacks = w.forge.mergeRequests().filter((m) => m.branch === rollbackBranch('test'));
      const waveMr = w.mrOf(waveBranch('test'))!;
      const failed = w.forge
        .comments({ kind: 'mr', number: waveMr.number })
        .filter((c) => c.body.includes('failed.**'));
      expect(rollbacks, `crash after write ${k}`).toHaveLength(1);
      expect(
        w.forge.writes().filter((x) => x.verb === 'commit' && x.detail === rollbackBranch('test')),
      ).toHaveLength(1);
      expect(failed, `crash after write ${k}: one failure comment`).toHaveLength(1);
      expect((await w.state())?.waves[0]?.phase).toBe('rolling-back');
    }
  });

  it('a restart mid-soak continues from the stored baseline and elapsed time', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    await mergeWave(w, 'test');
    await w.soakFor(6 * 60_000);
    const before = (await w.state())!.waves[0]!.soak!;

    w.restart('replica-2');
    w.advance(3 * 60_000); // the restart takes a while; the soak clock keeps counting real time
    await w.tick();

    const after = (await w.state())!.waves[0]!.soak!;
    expect(after.startedAt).toBe(before.startedAt);
    expect(after.elapsedMs).toBe(before.elapsedMs + 3 * 60_000);
    expect(after.baseline).toEqual(before.baseline);
    expect(w.world.baselines.at(-1)).toEqual(before.baseline);
    await w.soakFor(2 * 60_000);
    expect((await w.state())?.waves[0]?.phase).toBe('passed');
  });

  it('50 concurrent deliveries for one rollout are serialised into one consistent result', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    w.forge.merge(mr.number, w.now());
    const event = w.mrEvent(mr.number, 'merged');

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => w.engine.sink.deliver({ id: `burst-${i}`, event })),
    );
    await w.engine.idle();

    expect(answers.every((a) => a === 'accepted')).toBe(true);
    const trail = await w.trail();
    expect(trail.filter((r) => r.action === 'wave.merged')).toHaveLength(1);
    expect(trail.filter((r) => r.action === 'wave.applied')).toHaveLength(1);
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
    expect(w.logs.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
    expect(w.forge.mergeRequests()).toHaveLength(1);
  });

  it('survives events in the wrong order: a merge seen before the MR was opened, a stale open after it', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    w.forge.merge(mr.number, w.now());

    await w.deliver(w.mrEvent(mr.number, 'merged'));
    await w.deliver(w.mrEvent(mr.number, 'opened'));
    await w.deliver(w.mrEvent(mr.number, 'reopened'));

    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
    expect(w.forge.mergeRequests()).toHaveLength(1);
  });

  it('adopts an MR opened by an earlier life of GUARD whose state was lost', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    const stored = await w.store.get(`rollout/${KEY}`);
    await w.store.remove(`rollout/${KEY}`, stored!.version);

    await w.tick(); // nothing stored: only discovery finds the request again
    await w.deliver(w.push({ 'README.md': 'x' })); // a push elsewhere changes nothing
    await w.deliver(w.mrEvent(mr.number, 'opened'));

    expect(w.forge.mergeRequests()).toHaveLength(1);
    expect((await w.state())?.waves[0]?.mr?.number).toBe(mr.number);
  });
});
