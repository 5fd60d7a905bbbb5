import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { mergeWave, passWaves, requestUpgrade } from './steps.ts';
import { createWorld, fleetYaml, rollbackBranch, waveBranch } from './world.ts';

/** Somebody presses "Re-run" on GUARD's precheck check of MR `number`. */
function rerun(number: number, headSha: string, author: string): ForgeEvent {
  return {
    kind: 'check-rerun',
    forge: 'github',
    project: 'acme/fleet',
    installationId: 1,
    checkName: 'guard/precheck',
    headSha,
    mrNumbers: [number],
    author,
  };
}

describe('scenario: /guard commands', () => {
  it('rolls back a merged wave at once for an authorised user, with 👀 and a reply', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');
    await w.soakFor(3 * 60_000);

    const event = w.commentEvent({ kind: 'mr', number }, '/guard rollback p99 doubled', 'alice');
    await w.deliver(event);

    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
    const comments = w.forge.comments({ kind: 'mr', number });
    const command = comments.find((c) => c.body === '/guard rollback p99 doubled')!;
    expect(command.reactions).toEqual(['eyes']);
    expect(
      comments.some((c) => c.body.startsWith('`/guard rollback` by @alice: rolling back wave 1/3 (test)')),
    ).toBe(true);
    const trail = await w.trail();
    expect(trail.find((r) => r.action === 'command.accepted')).toMatchObject({
      actor: 'alice',
      reason: '/guard rollback p99 doubled',
    });
    expect(trail.find((r) => r.action === 'rollback.opened')).toMatchObject({ actor: 'alice' });
  });

  it('refuses /guard rollback from a user without write access, says why, and changes nothing', async () => {
    const w = createWorld();
    w.forge.setPermission('mallory', 'read');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');

    await w.deliver(w.commentEvent({ kind: 'mr', number }, '/guard rollback', 'mallory'));

    expect(w.mrOf(rollbackBranch('test'))).toBeUndefined();
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
    const comments = w.forge.comments({ kind: 'mr', number });
    expect(comments.find((c) => c.body === '/guard rollback')?.reactions).toEqual([]);
    expect(comments.some((c) => /`\/guard rollback` by @mallory was refused: .*write/.test(c.body))).toBe(
      true,
    );
    expect((await w.trail()).find((r) => r.action === 'command.refused')).toMatchObject({ actor: 'mallory' });
  });

  it('narrows commands to the users and teams fleet.yaml names', async () => {
    const w = createWorld();
    w.forge.push({ 'guard/fleet.yaml': fleetYaml('commands:\n  rollback: { users: [alice] }\n') });
    w.forge.setPermission('bob', 'admin');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');

    await w.deliver(w.commentEvent({ kind: 'mr', number }, '/guard rollback', 'bob'));

    expect(w.mrOf(rollbackBranch('test'))).toBeUndefined();
    expect(w.forge.comments({ kind: 'mr', number }).some((c) => c.body.includes('was refused'))).toBe(true);
  });

  it('ignores bots, other comments, and comments on MRs GUARD does not know', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'admin');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');
    const before = w.forge.writes().length;

    const bot = w.commentEvent({ kind: 'mr', number }, '/guard rollback', 'renovate[bot]');
    await w.deliver({ ...bot, authorIsBot: true } as typeof bot);
    await w.deliver(w.commentEvent({ kind: 'mr', number }, 'LGTM /guard rollback', 'alice'));
    await w.deliver(w.commentEvent({ kind: 'mr', number: 999 }, '/guard rollback', 'alice'));

    expect(w.forge.writes().length).toBe(before);
    expect(w.mrOf(rollbackBranch('test'))).toBeUndefined();
    expect(w.logs.some((l) => l.message === 'command on a thread GUARD does not know; ignored')).toBe(true);
  });

  it('pauses the soak clock and promotion, and resumes where it stopped', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const number = await mergeWave(w, 'test');
    await w.soakFor(5 * 60_000);

    await w.deliver(w.commentEvent({ kind: 'mr', number }, '/guard pause', 'alice'));
    await w.soakFor(60 * 60_000);

    let state = await w.state();
    expect(state?.phase).toBe('paused');
    expect(state?.waves[0]?.phase).toBe('soaking');
    expect(state?.waves[0]?.soak?.elapsedMs).toBe(5 * 60_000);
    expect(w.mrOf(waveBranch('dev'))).toBeUndefined();

    await w.deliver(w.commentEvent({ kind: 'mr', number }, '/guard resume', 'alice'));
    await w.soakFor(4 * 60_000);
    expect(w.mrOf(waveBranch('dev'))).toBeUndefined();
    await w.soakFor(2 * 60_000);

    state = await w.state();
    expect(state?.phase).toBe('active');
    expect(state?.waves[0]?.phase).toBe('passed');
    expect(w.mrOf(waveBranch('dev'))?.state).toBe('open');
  });

  it('answers /guard status and /guard help for anyone, and rechecks on request', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    const prechecksBefore = w.world.precheckCalls;

    await w.deliver(w.commentEvent({ kind: 'mr', number: mr.number }, '/guard status', 'visitor'));
    await w.deliver(w.commentEvent({ kind: 'mr', number: mr.number }, '/guard help', 'visitor'));
    await w.deliver(w.commentEvent({ kind: 'mr', number: mr.number }, '/guard recheck', 'alice'));

    const comments = w.forge.comments({ kind: 'mr', number: mr.number });
    expect(comments.find((c) => c.body === '/guard status')?.reactions).toEqual(['eyes']);
    const bodies = comments.map((c) => c.body);
    expect(
      bodies.some(
        (b) => b.includes('**promtail 6.16.0**: rollout **active**') && b.includes('wave 1 (test)'),
      ),
    ).toBe(true);
    expect(bodies.some((b) => b.includes('recheck') && b.includes('pause') && b.includes('skip-soak'))).toBe(
      true,
    );
    expect(w.world.precheckCalls).toBe(prechecksBefore + 1);
  });

  it('on the dashboard, /guard rollback rolls back every merged wave, newest first', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    await passWaves(w, ['test']);
    await mergeWave(w, 'dev');
    await w.soakFor(2 * 60_000);
    const dashboard = w.forge.issues()[0]!;

    await w.deliver(w.commentEvent({ kind: 'issue', number: dashboard.number }, '/guard rollback', 'alice'));

    expect(w.mrOf(rollbackBranch('dev'))?.state).toBe('open');
    expect(w.mrOf(rollbackBranch('test'))).toBeUndefined();
    const first = w.mrOf(rollbackBranch('dev'))!;
    w.forge.merge(first.number, w.now());
    await w.deliver(w.mrEvent(first.number, 'merged'));

    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
  });

  it('treats a GitHub check re-run as /guard recheck, with the same permission rules', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    w.forge.setPermission('mallory', 'read');
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    const before = w.world.precheckCalls;

    await w.deliver(rerun(mr.number, mr.headSha, 'alice'));
    await w.deliver(rerun(mr.number, mr.headSha, 'mallory'));

    expect(w.world.precheckCalls).toBe(before + 1);
    expect((await w.trail()).find((r) => r.action === 'command.refused')).toMatchObject({ actor: 'mallory' });
  });

  it('ignores commands on an issue that only pretends to be the dashboard', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const forged = w.forge.openIssue(
      'not the dashboard',
      '<!-- guard:dashboard:github:acme/fleet:promtail --> hi',
    );

    await w.deliver(w.commentEvent({ kind: 'issue', number: forged }, '/guard pause', 'alice'));

    expect((await w.state())?.phase).toBe('active');
    expect(w.logs.some((l) => l.message === 'command on a thread GUARD does not know; ignored')).toBe(true);
  });

  it('refuses commands that need a permission while guard/fleet.yaml cannot be read', async () => {
    const w = createWorld();
    w.forge.setPermission('alice', 'write');
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;
    w.forge.push({ 'guard/fleet.yaml': fleetYaml().replace('provider: helm', 'provider: helmm') });

    await w.deliver(w.commentEvent({ kind: 'mr', number: mr.number }, '/guard pause', 'alice'));

    expect((await w.state())?.phase).toBe('active');
    const replies = w.forge.comments({ kind: 'mr', number: mr.number }).map((c) => c.body);
    expect(replies.some((b) => b.includes('guard/fleet.yaml cannot be read'))).toBe(true);
  });
});
