import { describe, expect, it } from 'vitest';
import { mergeWave, requestUpgrade } from '../../scenarios/steps.ts';
import { createWorld, KEY, requestYaml, type World, waveBranch } from '../../scenarios/world.ts';

/** The port calls the fake forge saw since the last reset, by verb. */
const verbs = (w: World) => w.forge.requests().map((r) => r.url.replace('fake-forge:', ''));

/** A rollout whose first wave is merged and soaking (10 minutes), with the forge's log cleared. */
async function soaking(): Promise<World> {
  const w = createWorld();
  await requestUpgrade(w);
  await mergeWave(w, 'test');
  await w.soakFor(60_000);
  expect((await w.state())?.waves[0]?.phase).toBe('soaking');
  w.forge.resetRequests();
  return w;
}

describe('the engine tick reads what can have changed, once', () => {
  it('a tick over a soaking rollout asks the forge for the head only: nothing per rollout', async () => {
    const w = await soaking();

    await w.soakFor(3 * 60_000); // three ticks, a soak evaluation due on each

    expect(verbs(w)).toEqual(['defaultBranch', 'defaultBranch', 'defaultBranch']);
    expect(w.world.soakCalls).toBeGreaterThanOrEqual(4);
  });

  it('a tick between soak evaluations makes no call for the rollout either', async () => {
    const w = await soaking();
    const evaluations = w.world.soakCalls;

    w.advance(20_000); // the next evaluation is a minute after the last
    await w.tick();

    expect(verbs(w)).toEqual(['defaultBranch']);
    expect(w.world.soakCalls).toBe(evaluations);
  });

  it('a restarted engine asks for the head alone: the guard files at that commit are in the state store', async () => {
    const w = await soaking();
    w.restart();

    await w.soakFor(60_000);

    expect(verbs(w)).toEqual(['defaultBranch']);
    expect(w.world.soakCalls).toBeGreaterThan(0);
  });

  it('a restarted engine whose head moved reads the guard files at the new commit once', async () => {
    const w = await soaking();
    w.forge.push({ 'README.md': 'moved\n' });
    w.restart();
    w.forge.resetRequests();

    await w.soakFor(60_000);
    const first = verbs(w);
    w.restart();
    w.forge.resetRequests();
    await w.soakFor(60_000);

    // Cold at a new commit: the head and the two guard files (no tree listing), then recorded.
    expect(first).toEqual(['defaultBranch', 'readFiles']);
    expect(verbs(w)).toEqual(['defaultBranch']);
  });

  it('a tick that waits on an open wave MR looks it up once, and sees it merged without a webhook', async () => {
    const w = await soaking();
    await w.soakFor(10 * 60_000); // the test wave passes; the dev wave MR opens
    const dev = w.mrOf(waveBranch('dev'));
    expect(dev?.state).toBe('open');
    w.forge.resetRequests();

    await w.soakFor(60_000);
    expect(verbs(w)).toEqual(['defaultBranch', 'findMergeRequest']);

    w.forge.merge(dev!.number, w.now()); // the merge webhook is lost
    await w.soakFor(60_000);

    expect((await w.state())?.waves[1]).toMatchObject({
      phase: 'soaking',
      mergeSha: w.mrOf(waveBranch('dev'))?.mergeSha,
    });
  });

  it('sees a wave MR closed without a webhook on the next tick', async () => {
    const w = await soaking();
    await w.soakFor(10 * 60_000);
    const dev = w.mrOf(waveBranch('dev'))!;

    w.forge.close(dev.number);
    await w.soakFor(60_000);

    expect((await w.state())?.phase).toBe('stopped');
  });

  it('sees a changed request pushed without a webhook on the next tick (the head moved)', async () => {
    const w = await soaking();

    w.forge.push({ 'guard/upgrade.yaml': requestYaml('6.17.0') });
    await w.soakFor(60_000);

    expect(await w.state()).toMatchObject({ version: '6.17.0' });
    expect(w.mrOf(waveBranch('test', '6.17.0'))?.state).toBe('open');
  });

  it('a webhook between ticks is never answered from the head the tick read', async () => {
    const w = await soaking();
    await w.engine.tick(); // the tick reads the head and reconciles, within the same minute …
    await w.engine.idle();

    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml('6.17.0') })); // … then a push arrives

    expect(await w.state()).toMatchObject({ version: '6.17.0' });
  });

  it('a reconcile the tick did not start reads the head afresh, even within the same instant', async () => {
    const w = await soaking();
    await w.tick();

    w.forge.push({ 'guard/upgrade.yaml': requestYaml('6.17.0') }); // no webhook, no time passes
    await w.engine.reconcileNow(KEY);

    expect(await w.state()).toMatchObject({ version: '6.17.0' });
  });

  it('a command comment is noticed while the soak is cached', async () => {
    const w = await soaking();
    w.forge.setPermission('alice', 'write');
    const mr = w.mrOf(waveBranch('test'))!;

    await w.deliver(w.commentEvent({ kind: 'mr', number: mr.number }, '/guard pause', 'alice'));

    expect((await w.state())?.phase).toBe('paused');
  });
});
