import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../../src/engine/errors.ts';
import { HEARTBEAT_MS, holdLease, LEASE_TTL_MS } from '../../../src/engine/lease.ts';
import { silentLogger } from '../../../src/engine/logger.ts';
import type { Timers } from '../../../src/engine/work-queue.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

/** A store and timers on one hand-moved clock: `tick(ms)` moves it and fires the timers then due. */
function setup() {
  let now = Date.UTC(2025, 5, 2, 9, 30);
  const store = createMemoryStore(() => now);
  const pending: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => {
      const at = pending.findIndex((p) => p.id === id);
      if (at >= 0) pending.splice(at, 1);
    },
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const hold = (owner: string, on: StateStore = store, signal?: AbortSignal) =>
    holdLease({
      store: on,
      name: 'reconcile/r',
      owner,
      timers,
      now: () => now,
      log: silentLogger,
      ...(signal && { signal }),
    });
  return {
    store,
    hold,
    timersPending: () => pending.length,
    advance: (ms: number) => {
      now += ms;
    },
    async tick(ms: number) {
      now += ms;
      for (const due of pending.filter((p) => p.at <= now)) {
        pending.splice(pending.indexOf(due), 1);
        due.fn();
      }
      await settle();
    },
  };
}

describe('a held lease', () => {
  it('is renewed by its heartbeat while the work runs, far past its ttl, and freed by release', async () => {
    const s = setup();
    const lease = await s.hold('replica-a');

    for (let t = 0; t < 3 * LEASE_TTL_MS; t += HEARTBEAT_MS) {
      await s.tick(HEARTBEAT_MS);
      expect(await s.store.acquireLease('reconcile/r', 'replica-b', LEASE_TTL_MS)).toBeUndefined();
    }
    await lease!.confirm();
    await lease!.release();

    expect(s.timersPending()).toBe(0);
    expect(await s.store.acquireLease('reconcile/r', 'replica-b', LEASE_TTL_MS)).toBeDefined();
  });

  it('stops renewing once its work is abandoned (a shutdown past its grace), so a release sticks', async () => {
    const s = setup();
    const halt = new AbortController();
    await s.hold('replica-a', s.store, halt.signal);

    halt.abort();
    await s.store.releaseLease('reconcile/r', 'replica-a');
    await s.tick(HEARTBEAT_MS);

    expect(await s.store.acquireLease('reconcile/r', 'replica-b', LEASE_TTL_MS)).toBeDefined();
    expect(s.timersPending()).toBe(0);
  });

  it('lapses within its 30 s ttl when its holder dies, for another replica', async () => {
    const s = setup();
    await s.hold('replica-a'); // never released: the process died

    s.advance(LEASE_TTL_MS);
    expect(await s.hold('replica-b')).toBeUndefined();
    s.advance(1);

    expect(await s.hold('replica-b')).toBeDefined();
  });

  it('is taken back at once by its holder restarted under the same identity', async () => {
    const s = setup();
    await s.hold('replica-a'); // the process died holding it
    s.advance(1_000);

    const again = await s.hold('replica-a', s.store.reopen());

    expect(again).toBeDefined();
  });

  it('renews itself on confirm when the heartbeat has been silent, and throws LeaseLostError once another holds it', async () => {
    const s = setup();
    const lease = await s.hold('replica-a');

    s.advance(LEASE_TTL_MS - HEARTBEAT_MS);
    await lease!.confirm();
    s.advance(LEASE_TTL_MS + 1);
    await s.store.acquireLease('reconcile/r', 'replica-b', LEASE_TTL_MS);

    await expect(lease!.confirm()).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('lets a renewal in flight land before it releases, so the lease ends free', async () => {
    const s = setup();
    let calls = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const slow: StateStore = {
      ...s.store,
      acquireLease: async (...args) => {
        calls += 1;
        if (calls > 1) await gate; // every renewal waits: a slow store
        return s.store.acquireLease(...args);
      },
    };
    const lease = await s.hold('replica-a', slow);
    await s.tick(HEARTBEAT_MS);

    const released = lease!.release();
    open();
    await released;

    expect(calls).toBe(2);
    expect(await s.store.acquireLease('reconcile/r', 'replica-b', LEASE_TTL_MS)).toBeDefined();
  });
});
