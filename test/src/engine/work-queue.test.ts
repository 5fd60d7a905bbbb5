import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/engine/logger.ts';
import { createWorkQueue, QueueStoppedError, type Timers } from '../../../src/engine/work-queue.ts';

/** Timers a test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++ids, { fn, ms });
      return ids;
    },
    clearTimeout: (id) => {
      pending.delete(id as number);
    },
  };
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fireAll: () => {
      const all = [...pending.values()];
      pending.clear();
      for (const p of all) p.fn();
    },
  };
}

/** A run function whose calls a test finishes one by one. */
function gatedRuns() {
  const started: string[] = [];
  const gates: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  const run = async (key: string) => {
    started.push(key);
    active += 1;
    peak = Math.max(peak, active);
    await new Promise<void>((resolve) => gates.push(resolve));
    active -= 1;
    return {};
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    run,
    started,
    peak: () => peak,
    release: async () => {
      gates.shift()?.();
      await settle();
    },
  };
}

describe('work queue', () => {
  it('never runs one key twice at once, and runs it once more when enqueued while running', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger, concurrency: 4 });

    q.enqueue('a');
    q.enqueue('a');
    q.enqueue('a');
    await g.release();

    expect(g.started).toEqual(['a', 'a']);
    expect(g.peak()).toBe(1);
    await g.release();
    await q.idle();
    expect(g.started).toEqual(['a', 'a']);
  });

  it('runs different keys side by side up to the concurrency', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger, concurrency: 2 });

    for (const key of ['a', 'b', 'c']) q.enqueue(key);

    expect(g.started).toEqual(['a', 'b']);
    await g.release();
    expect(g.started).toEqual(['a', 'b', 'c']);
    await g.release();
    await g.release();
    await q.idle();
    expect(g.peak()).toBe(2);
  });

  it('requeues after the delay a run asks for, keeping only the earliest delay per key', async () => {
    const t = manualTimers();
    let runs = 0;
    const q = createWorkQueue({
      run: async () => {
        runs += 1;
        return { requeueAfterMs: 60_000 };
      },
      log: silentLogger,
      timers: t.timers,
      now: () => 0,
    });

    q.enqueue('a');
    await q.idle();
    q.enqueue('a', 5_000);

    expect(runs).toBe(1);
    expect(t.delays()).toEqual([5_000]);
    t.fireAll();
    await q.idle();
    expect(runs).toBe(2);
  });

  it('backs off a failing key, doubling, and resets after a success', async () => {
    const t = manualTimers();
    let fail = 2;
    const q = createWorkQueue({
      run: async () => {
        if (fail-- > 0) throw new Error('forge 502');
        return {};
      },
      log: silentLogger,
      timers: t.timers,
      now: () => 0,
    });

    q.enqueue('a');
    await q.idle();
    expect(t.delays()).toEqual([2_000]);
    t.fireAll();
    await q.idle();
    expect(t.delays()).toEqual([4_000]);
    t.fireAll();
    await q.idle();
    expect(t.delays()).toEqual([]);
  });

  it('keeps a failing key waiting for its backoff when a tick enqueues it, but runs it for runNow', async () => {
    const t = manualTimers();
    let runs = 0;
    const q = createWorkQueue({
      run: async () => {
        runs += 1;
        throw new Error('forge 502');
      },
      log: silentLogger,
      timers: t.timers,
      now: () => 0,
    });
    q.enqueue('a');
    await q.idle();

    q.enqueue('a');
    await q.idle();
    expect(runs).toBe(1);

    await q.runNow('a');
    expect(runs).toBe(2);
  });

  it('holds a key for the wait its run asked for (a rate limit): neither a tick nor news during the run cut it short', async () => {
    const t = manualTimers();
    const g = gatedRuns();
    let limited = true;
    const q = createWorkQueue({
      run: async (key) => {
        await g.run(key);
        return limited ? { requeueAfterMs: 30_000, hold: true } : {};
      },
      log: silentLogger,
      timers: t.timers,
      now: () => 0,
    });

    q.enqueue('a');
    q.enqueue('a'); // news while it runs
    await g.release();
    await q.idle();
    q.enqueue('a'); // a tick
    q.enqueue('a', 5_000); // a shorter requeue
    await q.idle();

    expect(g.started).toEqual(['a']);
    expect(t.delays()).toEqual([30_000]);
    limited = false;
    t.fireAll();
    await g.release();
    await q.idle();
    expect(g.started).toEqual(['a', 'a']);
    expect(t.delays()).toEqual([]);
  });

  it('runNow resolves after a run that started after the call, even when one was in flight', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger });
    q.enqueue('a');
    let done = false;

    const waiting = q.runNow('a').then(() => {
      done = true;
    });
    await g.release();
    expect(done).toBe(false);
    await g.release();
    await waiting;

    expect(done).toBe(true);
    expect(g.started).toEqual(['a', 'a']);
  });

  it('stop waits for runs in flight and takes no more work', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger });
    q.enqueue('a');
    let stopped = false;

    const stopping = q.stop().then(() => {
      stopped = true;
    });
    q.enqueue('b');
    await new Promise((r) => setTimeout(r, 0));
    expect(stopped).toBe(false);
    await g.release();
    await stopping;

    expect(stopped).toBe(true);
    expect(g.started).toEqual(['a']);
  });

  it('stop rejects runNow callers whose run had not started, so nobody takes their work for done', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger, concurrency: 1 });
    q.enqueue('a');
    // `b` waits its turn; `a` waits for a run that starts after the one in flight.
    const waiting = Promise.allSettled([q.runNow('b'), q.runNow('a')]);

    const stopping = q.stop();
    await g.release();
    await stopping;

    const outcomes = await waiting;
    expect(outcomes.map((o) => o.status === 'rejected' && o.reason instanceof QueueStoppedError)).toEqual([
      true,
      true,
    ]);
    await expect(q.runNow('c')).rejects.toBeInstanceOf(QueueStoppedError);
    expect(g.started).toEqual(['a']);
  });

  it('names the keys running now', async () => {
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger, concurrency: 2 });

    q.enqueue('a');
    q.enqueue('b');
    q.enqueue('c');

    expect(q.running().sort()).toEqual(['a', 'b']);
  });

  it('gathers the calls of a window into one run, and idle waits for it', async () => {
    const t = manualTimers();
    const g = gatedRuns();
    const q = createWorkQueue({ run: g.run, log: silentLogger, timers: t.timers });
    let idle = false;

    for (let i = 0; i < 50; i++) q.gather('rollout', 1_000);
    const waiting = q.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(g.started).toEqual([]);
    expect(idle).toBe(false);
    expect(t.delays()).toEqual([1_000]);
    t.fireAll();
    await new Promise((r) => setTimeout(r, 0));
    q.gather('rollout', 1_000); // arrives while it runs: one more run after it
    await g.release();
    await g.release();
    await waiting;

    expect(g.started).toEqual(['rollout', 'rollout']);
    expect(idle).toBe(true);
  });
});
