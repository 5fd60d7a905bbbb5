import { describe, expect, it } from 'vitest';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { Timers } from '../../src/engine/work-queue.ts';
import { RateLimitedError } from '../../src/util/rate-limited-error.ts';
import { mergeWave, requestUpgrade } from './steps.ts';
import { createWorld, KEY, requestYaml, type World, waveBranch } from './world.ts';

/** Timers the test fires by hand: the engine's delayed requeues. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++ids, { fn, ms });
      return ids;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fire: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const p of due) p.fn();
    },
  };
}

const limitedLogs = (w: World) =>
  w.logs.filter((l) => l.message === 'rate limited; reconcile resumes after the wait');
const tries = (w: World, verb: string) =>
  w.forge.requests().filter((r) => r.url === `fake-forge:${verb}`).length;

describe('rate limits', () => {
  it('a forge rate limit while opening the wave MR ends the reconcile at once, keeps the rest of the outbox, and resumes after the wait', async () => {
    const t = manualTimers();
    const w = createWorld({ withRequest: false, timers: t.timers });
    w.forge.rateLimit('ensureMergeRequest', 60_000);

    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));

    const { doc } = await loadDoc(w.store, KEY);
    expect(doc?.outbox?.actions[doc.outbox.done]?.kind).toBe('open-wave-mr');
    expect(doc?.outbox?.failures).toBeUndefined();
    expect(w.mrOf(waveBranch('test'))).toBeUndefined();
    expect(limitedLogs(w)).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ client: 'github', reason: 'rate-limit', retryAfterMs: 60_000 }),
      }),
    ]);
    expect(t.delays()).toContain(60_000);

    // A tick during the wait does not cut it short: the same limit would answer.
    const before = tries(w, 'ensureMergeRequest');
    await w.tick();
    expect(tries(w, 'ensureMergeRequest')).toBe(before);

    w.forge.rateLimit('ensureMergeRequest', undefined);
    w.advance(60_000);
    t.fire();
    await w.engine.idle();

    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
    expect(w.forge.mergeRequests()).toHaveLength(1);
    expect((await w.state())?.waves[0]?.phase).toBe('ready');
    expect((await loadDoc(w.store, KEY)).doc?.outbox).toBeUndefined();
  });

  it('a limit that outlasts the five tries an action gets never abandons the action', async () => {
    const t = manualTimers();
    const w = createWorld({ withRequest: false, timers: t.timers });
    w.forge.rateLimit('ensureMergeRequest', 30_000);
    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));

    for (let i = 0; i < 6; i++) {
      w.advance(30_000);
      t.fire();
      await w.engine.idle();
    }
    w.forge.rateLimit('ensureMergeRequest', undefined);
    w.advance(30_000);
    t.fire();
    await w.engine.idle();

    expect(limitedLogs(w)).toHaveLength(7);
    expect((await w.trail()).map((r) => r.action)).not.toContain('action.abandoned');
    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
  });

  it('a webhook job that meets a rate limit waits for it without counting a failed try', async () => {
    const t = manualTimers();
    const w = createWorld({ withRequest: false, timers: t.timers });
    w.forge.rateLimit('readFiles', 45_000);

    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }), 'delivery-1');

    const [jobKey] = await w.store.list('job/');
    const job = jobKey === undefined ? undefined : await w.store.get(jobKey);
    expect(job?.value).toBeDefined();
    expect(job?.value).not.toHaveProperty('tries');
    expect(t.delays()).toContain(45_000);
    expect(w.logs.map((l) => l.message)).toContain('rate limited; job resumes after the wait');

    w.forge.rateLimit('readFiles', undefined);
    w.advance(45_000);
    t.fire();
    await w.engine.idle();

    expect(await w.store.list('job/')).toEqual([]);
    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
  });

  it('a metrics rate limit during a soak evaluation is no evidence: the evaluation runs after the wait', async () => {
    const t = manualTimers();
    let limited = false;
    const w = createWorld({
      timers: t.timers,
      verdict: () => {
        if (limited)
          throw new RateLimitedError({ client: 'datadog', retryAfterMs: 20_000, reason: 'rate-limit' });
        return 'pass';
      },
    });
    await requestUpgrade(w);
    await mergeWave(w, 'test');
    await w.soakFor(2 * 60_000);
    const before = (await w.state())!.waves[0]!.soak!;

    limited = true;
    await w.soakFor(60_000);
    const during = (await w.state())!.waves[0]!.soak!;
    limited = false;
    w.advance(20_000);
    t.fire();
    await w.engine.idle();
    const after = (await w.state())!.waves[0]!.soak!;

    expect(during.evaluations).toBe(before.evaluations);
    expect(during.inconclusive).toBe(0);
    expect(limitedLogs(w).at(-1)?.fields).toMatchObject({ client: 'datadog', retryAfterMs: 20_000 });
    expect(after.evaluations).toBe(before.evaluations + 1);
    expect(after.inconclusive).toBe(0);
  });
});
