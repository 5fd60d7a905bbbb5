import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../handlers/commands/parse-command.ts';
import { createEngine } from '../../../src/engine/engine.ts';
import type { ForgeEvent } from '../../../src/engine/events.ts';
import { JOB_PREFIX } from '../../../src/engine/jobs.ts';
import { silentLogger } from '../../../src/engine/logger.ts';
import { createJobToucher } from '../../../src/engine/touch-job.ts';
import type { Forge } from '../../../src/ports/forge.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

const mrEvent = (headSha: string, branch = 'feature'): ForgeEvent => ({
  kind: 'merge-request',
  forge: 'gitlab',
  project: 'acme/fleet',
  action: 'updated',
  number: 7,
  branch,
  target: 'main',
  headSha,
  author: 'alice',
  fromFork: false,
});

/** A forge whose `changedFiles` (the first call of a preview job) a test releases by hand. */
function gatedForge() {
  const calls: number[] = [];
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const forge = {
    async changedFiles(number: number) {
      calls.push(number);
      await gate;
      return ['README.md'];
    },
  } as unknown as Forge;
  return {
    forge,
    calls,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => release(),
  };
}

/** Records successful store writes and lease grabs by key. */
function countingStore(store: StateStore) {
  const puts: string[] = [];
  const leases: string[] = [];
  return {
    puts,
    leases,
    store: {
      ...store,
      put: async (key: string, value: unknown, expected: number) => {
        const version = await store.put(key, value, expected);
        puts.push(key);
        return version;
      },
      acquireLease: (name: string, owner: string, ttl: number) => {
        leases.push(name);
        return store.acquireLease(name, owner, ttl);
      },
    } satisfies StateStore,
  };
}

function engineWith(store: StateStore, forge: Forge) {
  return createEngine({
    store,
    forgeFor: async () => forge,
    portsFor: () => {
      throw new Error('a preview never asks for clusters');
    },
    providers: { lookup: () => undefined, ids: [] },
    clock: () => new Date(),
    log: silentLogger,
    owner: 'replica-1',
    parseCommand,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('engine job coalescing', () => {
  it('turns 200 concurrent events about one MR into one stored job and at most two runs', async () => {
    const forge = gatedForge();
    const counted = countingStore(createMemoryStore());
    const engine = engineWith(counted.store, forge.forge);

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        engine.sink.deliver({ id: `d-${i}`, event: mrEvent(`head-${i}`) }),
      ),
    );
    await engine.idle();

    expect(answers.every((a) => a === 'accepted')).toBe(true);
    expect(forge.calls.length).toBeGreaterThanOrEqual(1);
    expect(forge.calls.length).toBeLessThanOrEqual(2);
    expect(counted.puts.filter((k) => k.startsWith(JOB_PREFIX)).length).toBeLessThanOrEqual(3);
    expect(await counted.store.list(JOB_PREFIX)).toEqual([]);
  });

  it('runs a job again for an event that arrived while it ran, and only then removes it', async () => {
    const forge = gatedForge();
    const store = createMemoryStore();
    const engine = engineWith(store, forge.forge);
    forge.hold();
    await engine.sink.deliver({ id: 'd-1', event: mrEvent('head-1') });
    while (forge.calls.length === 0) await sleep(1);

    await engine.sink.deliver({ id: 'd-2', event: mrEvent('head-2') });
    const whileRunning = await store.list(JOB_PREFIX);
    forge.release();
    while (forge.calls.length < 2) await sleep(1);
    forge.release();
    await engine.idle();

    expect(whileRunning).toEqual(['job/preview:gitlab:acme/fleet!7']);
    expect(forge.calls).toEqual([7, 7]);
    expect(await store.list(JOB_PREFIX)).toEqual([]);
  });

  it('keeps separate jobs for separate rollouts', async () => {
    const store = createMemoryStore();
    const engine = engineWith(store, gatedForge().forge);
    await engine.stop(); // store only: nothing runs

    await engine.sink.deliver({ id: 'a', event: mrEvent('h', 'guard/istio/1.21.0/prod') });
    await engine.sink.deliver({ id: 'b', event: mrEvent('h', 'guard/istio/1.21.0/dev') });
    await engine.sink.deliver({ id: 'c', event: mrEvent('h', 'guard/promtail/6.16.0/dev') });

    expect(await store.list(JOB_PREFIX)).toEqual([
      'job/reconcile:gitlab:acme/fleet:istio',
      'job/reconcile:gitlab:acme/fleet:promtail',
    ]);
  });
});

describe('createJobToucher', () => {
  it('shares one write among deliveries that arrive while the previous write is in flight', async () => {
    const counted = countingStore(createMemoryStore());
    const touch = createJobToucher(counted.store);
    const job = (sha: string) => ({
      kind: 'preview' as const,
      source: { forge: 'gitlab' as const, project: 'acme/fleet' },
      number: 7,
      headSha: sha,
      author: 'alice',
    });

    await Promise.all(Array.from({ length: 50 }, (_, i) => touch('preview:x', job(`h${i}`))));

    expect(counted.puts).toHaveLength(2);
    expect((await counted.store.get('job/preview:x'))?.value).toMatchObject({ headSha: 'h49' });
  });
});
