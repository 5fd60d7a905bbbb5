import { describe, expect, it } from 'vitest';
import { LEASE_TTL_MS } from '../../src/engine/lease.ts';
import { createWorld, requestYaml, type World, waveBranch } from './world.ts';

/** A replica dies right after the second forge write of the reconcile that opens the first wave. */
async function crashInsideReconcile(): Promise<World> {
  const w = createWorld({ withRequest: false, owner: 'guard-7d9c5-x2k4q' });
  w.forge.crashAfterWrite(2);
  await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
  expect(w.isDead()).toBe(true);
  return w;
}

const waveReady = async (w: World) => (await w.state())?.waves[0]?.phase === 'ready';

describe('a crash inside a reconcile', () => {
  it('the same replica, restarted under its identity (POD_NAME), takes its leases back and finishes at once', async () => {
    const w = await crashInsideReconcile();

    w.restart('guard-7d9c5-x2k4q');
    await w.tick();

    expect(await waveReady(w)).toBe(true);
    expect(w.forge.mergeRequests().filter((m) => m.branch === waveBranch('test'))).toHaveLength(1);
  });

  it(`another replica takes over once the dead one's lease has lapsed, ${LEASE_TTL_MS / 1000} s after its last renewal`, async () => {
    const w = await crashInsideReconcile();

    w.restart('guard-7d9c5-b8m2n');
    await w.tick();
    const atOnce = await waveReady(w);
    w.advance(LEASE_TTL_MS);
    await w.tick();
    const atTtl = await waveReady(w);
    w.advance(1);
    await w.tick();

    expect([atOnce, atTtl]).toEqual([false, false]);
    expect(await waveReady(w)).toBe(true);
    expect(w.forge.mergeRequests().filter((m) => m.branch === waveBranch('test'))).toHaveLength(1);
  });
});
