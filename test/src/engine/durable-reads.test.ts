import { describe, expect, it } from 'vitest';
import { createDurableReads, readsKey } from '../../../src/engine/durable-reads.ts';
import { createReadMemo } from '../../../src/engine/read-memo.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import { createFakeForge } from '../../fakes/forge.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

const REPO = 'github:acme/fleet';
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const GUARD = ['guard/fleet.yaml', 'guard/upgrade.yaml'];

describe('guard files kept in the state store', () => {
  it('answers the commit it recorded, with files that do not exist read as absent', async () => {
    const reads = createDurableReads(createMemoryStore());
    await reads.put(
      REPO,
      A,
      new Map([
        ['guard/fleet.yaml', 'fleet\n'],
        ['guard/upgrade.yaml', undefined],
      ]),
    );

    expect(await reads.get(REPO, A, GUARD)).toEqual(
      new Map([
        ['guard/fleet.yaml', 'fleet\n'],
        ['guard/upgrade.yaml', undefined],
      ]),
    );
    expect(await reads.get(REPO, B, GUARD)).toBeUndefined();
    expect(await reads.get(REPO, A, ['guard/other.yaml'])).toBeUndefined();
    expect(await reads.get('github:acme/other', A, GUARD)).toBeUndefined();
  });

  it('keeps the newest commit only, adds files read later at the same commit, and writes nothing it has', async () => {
    const store = createMemoryStore();
    const reads = createDurableReads(store);
    await reads.put(REPO, A, new Map([['guard/fleet.yaml', 'old\n']]));
    await reads.put(REPO, B, new Map([['guard/fleet.yaml', 'new\n']]));
    await reads.put(REPO, B, new Map([['guard/upgrade.yaml', 'request\n']]));
    const version = (await store.get(readsKey(REPO)))?.version;
    await reads.put(REPO, B, new Map([['guard/upgrade.yaml', 'request\n']]));

    expect(await reads.get(REPO, A, ['guard/fleet.yaml'])).toBeUndefined();
    expect(await reads.get(REPO, B, GUARD)).toEqual(
      new Map([
        ['guard/fleet.yaml', 'new\n'],
        ['guard/upgrade.yaml', 'request\n'],
      ]),
    );
    expect(version).toBe(3);
    expect((await store.get(readsKey(REPO)))?.version).toBe(3);
  });

  it('does not keep a fleet file too large for a DynamoDB item', async () => {
    const store = createMemoryStore();
    const reads = createDurableReads(store);
    await reads.put(REPO, A, new Map([['guard/fleet.yaml', 'x'.repeat(400_000)]]));

    expect(await store.get(readsKey(REPO))).toBeUndefined();
    expect(await reads.get(REPO, A, ['guard/fleet.yaml'])).toBeUndefined();
  });

  it('is best effort: a failing store or a foreign record reads as no record, and a failed write is dropped', async () => {
    const failing = {
      ...createMemoryStore(),
      get: async () => {
        throw new Error('store down');
      },
      put: async () => {
        throw new Error('store down');
      },
    } satisfies StateStore;
    const reads = createDurableReads(failing);
    await expect(reads.put(REPO, A, new Map([['guard/fleet.yaml', 'f\n']]))).resolves.toBeUndefined();
    expect(await reads.get(REPO, A, ['guard/fleet.yaml'])).toBeUndefined();

    const store = createMemoryStore();
    await store.put(readsKey(REPO), { something: 'else' }, 0);
    expect(await createDurableReads(store).get(REPO, A, ['guard/fleet.yaml'])).toBeUndefined();
  });

  it('lets a new memo (a restart) read guard files from the store and nothing else', async () => {
    const store = createMemoryStore();
    const fake = createFakeForge({
      files: { 'guard/fleet.yaml': 'fleet\n', 'guard/upgrade.yaml': 'req\n', 'a.yaml': 'a\n' },
    });
    const target = { forge: 'github', project: 'acme/fleet' } as const;
    const memoOf = () => createReadMemo({ clock: () => new Date(0), durable: createDurableReads(store) });
    const before = await memoOf().wrapFresh(async () => fake.forge)(target);
    const sha = (await before.defaultBranch()).sha;
    await before.readFiles(sha, GUARD);
    fake.resetRequests();

    const after = await memoOf().wrapFresh(async () => fake.forge)(target);
    const guard = await after.readFiles(sha, GUARD);
    const other = await after.readFiles(sha, ['a.yaml']);
    const byBranch = await after.readFiles('main', GUARD);

    expect(guard).toEqual(
      new Map([
        ['guard/fleet.yaml', 'fleet\n'],
        ['guard/upgrade.yaml', 'req\n'],
      ]),
    );
    expect(other.get('a.yaml')).toBe('a\n');
    expect(byBranch.get('guard/upgrade.yaml')).toBe('req\n');
    // a.yaml is not a guard file, and a branch name is not a commit: both go to the forge.
    expect(fake.requests().map((r) => r.url.replace('fake-forge:', ''))).toEqual(['readFiles', 'readFiles']);
  });
});
