import { describe, expect, it } from 'vitest';
import { mergeWave, passWaves, requestUpgrade } from './steps.ts';
import { createWorld, fleetYaml, rollbackBranch, waveBranch } from './world.ts';

describe('scenario: the request changes under a running rollout', () => {
  it('supersedes mid-soak: closes the open MR with a comment and starts the new version', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    await passWaves(w, ['test']);
    const devMr = w.mrOf(waveBranch('dev'))!;
    expect(devMr.state).toBe('open');

    await requestUpgrade(w, '6.17.0');

    expect(w.mrOf(waveBranch('dev'))?.state).toBe('closed');
    const closing = w.forge.comments({ kind: 'mr', number: devMr.number }).map((c) => c.body);
    expect(closing.some((b) => b.includes('now asks for promtail 6.17.0'))).toBe(true);
    const state = await w.state();
    expect(state).toMatchObject({ version: '6.17.0', phase: 'active' });
    // test already runs 6.16.0; the new attempt moves it again, from 6.16.0.
    const first = w.mrOf(waveBranch('test', '6.17.0'))!;
    expect(first.state).toBe('open');
    expect(state?.waves[0]?.clusters[0]?.fields[0]).toMatchObject({ from: '6.16.0', to: '6.17.0' });
    expect((await w.trail()).some((r) => r.action === 'rollout.superseded')).toBe(true);
  });

  it('cancels when the request is removed: open MRs closed, dashboard closed, nothing more opens', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;

    await w.deliver(w.push({ 'guard/upgrade.yaml': undefined }));
    await w.soakFor(10 * 60_000);

    expect(w.mrOf(waveBranch('test'))?.state).toBe('closed');
    expect(
      w.forge.comments({ kind: 'mr', number: mr.number }).some((c) => c.body.includes('request was removed')),
    ).toBe(true);
    expect((await w.state())?.phase).toBe('stopped');
    expect(w.forge.issues()[0]?.open).toBe(false);
    expect(w.forge.mergeRequests()).toHaveLength(1);
  });

  it('stops when a wave MR is closed unmerged, and resumes when it is reopened', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const mr = w.mrOf(waveBranch('test'))!;

    w.forge.close(mr.number);
    await w.deliver(w.mrEvent(mr.number, 'closed'));
    await w.soakFor(5 * 60_000);

    expect((await w.state())?.phase).toBe('stopped');
    expect(w.forge.mergeRequests()).toHaveLength(1);

    w.forge.reopen(mr.number);
    await w.deliver(w.mrEvent(mr.number, 'reopened'));

    const state = await w.state();
    expect(state?.phase).toBe('active');
    expect(state?.waves[0]?.phase).toBe('ready');
    await mergeWave(w, 'test');
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
  });
});

describe('scenario: maintenance windows', () => {
  // START is Monday 10:00 UTC; the window opens Tuesday 09:00 UTC.
  const windows = 'windows:\n  - { days: [tue], start: "09:00", end: "17:00", timezone: UTC }\n';

  it('does not open the next wave MR outside the window, and opens it when the window opens', async () => {
    const w = createWorld();
    w.forge.push({ 'guard/fleet.yaml': fleetYaml(windows) });

    await requestUpgrade(w);
    await w.soakFor(5 * 60_000);

    expect(w.mrOf(waveBranch('test'))).toBeUndefined();
    const state = await w.state();
    expect(state?.waves[0]?.waitingForWindow).toEqual({ opensAt: '2026-03-03T09:00:00.000Z' });
    expect(w.forge.issues()[0]?.body).toContain('window opens 2026-03-03T09:00:00.000Z');

    w.advance(23 * 3600_000); // Tuesday 09:05
    await w.tick();

    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
  });

  it('holds guard/precheck pending on an open wave MR once the window closes, soaks on, and never holds a rollback', async () => {
    const w = createWorld({
      verdict: (c, now) => (c === 'test-1' && now.getUTCHours() >= 18 ? 'fail' : 'pass'),
    });
    w.advance(24 * 3600_000 - 3600_000); // Tuesday 09:00
    w.forge.push({ 'guard/fleet.yaml': fleetYaml(windows) });
    await requestUpgrade(w);
    await mergeWave(w, 'test');
    await w.soakFor(12 * 60_000);
    const dev = w.mrOf(waveBranch('dev'))!;
    expect(dev.state).toBe('open');

    w.advance(8 * 3600_000); // 17:12, window closed
    await w.tick();

    const check = w.forge.check(w.forge.branchHead(waveBranch('dev'))!, 'guard/precheck');
    expect(check).toMatchObject({
      state: 'pending',
      title: 'waiting for the window that opens 2026-03-10T09:00:00.000Z',
    });

    await mergeWave(w, 'dev');
    w.advance(60 * 60_000); // 18:12: dev soaks outside the window, test-1 is not in it: passes
    await w.soakFor(25 * 60_000);
    expect((await w.state())?.waves[1]?.phase).toBe('passed');
    expect(w.mrOf(waveBranch('prod'))).toBeUndefined();
  });

  it('opens a rollback MR outside the window', async () => {
    const w = createWorld({ verdict: (c) => (c === 'test-2' ? 'fail' : 'pass') });
    w.forge.setPermission('alice', 'write');
    w.advance(24 * 3600_000 - 3600_000);
    w.forge.push({ 'guard/fleet.yaml': fleetYaml(windows) });
    await requestUpgrade(w);
    w.advance(7 * 3600_000 + 50 * 60_000); // 16:50
    await mergeWave(w, 'test');

    await w.soakFor(30 * 60_000); // past 17:00

    expect(w.mrOf(rollbackBranch('test'))?.state).toBe('open');
  });
});
