import { describe, expect, it } from 'vitest';
import { createReadMemo, keptAt } from '../../../src/engine/read-memo.ts';
import { createFakeForge } from '../../fakes/forge.ts';

const FILES = { 'guard/fleet.yaml': 'fleet\n', 'guard/upgrade.yaml': 'request\n', 'a/b.yaml': 'b\n' };
const target = { forge: 'github', project: 'acme/fleet' } as const;

function setUp(options: { maxChars?: number; headTtlMs?: number } = {}) {
  let now = 0;
  const fake = createFakeForge({ files: FILES });
  const memo = createReadMemo({ clock: () => new Date(now), ...options });
  const forgeFor = async () => fake.forge;
  const calls = () => fake.requests().map((r) => r.url.replace('fake-forge:', ''));
  return {
    fake,
    memo,
    calls,
    cached: () => memo.wrap(forgeFor)(target),
    fresh: () => memo.wrapFresh(forgeFor)(target),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the engine read memo', () => {
  it('reads a commit once, from any forge it wraps; a branch name is read every time', async () => {
    const t = setUp();
    const sha = (await (await t.fresh()).defaultBranch()).sha;

    for (const forge of [await t.cached(), await t.fresh()]) {
      expect(await forge.listFiles(sha, '')).toEqual(['a/b.yaml', 'guard/fleet.yaml', 'guard/upgrade.yaml']);
      expect(await forge.readFiles(sha, ['guard/fleet.yaml', 'nope'])).toEqual(
        new Map([
          ['guard/fleet.yaml', 'fleet\n'],
          ['nope', undefined],
        ]),
      );
    }
    await (await t.cached()).readFiles('main', ['guard/fleet.yaml']);
    await (await t.cached()).readFiles('main', ['guard/fleet.yaml']);

    expect(t.calls()).toEqual(['defaultBranch', 'listFiles', 'readFiles', 'readFiles', 'readFiles']);
  });

  it('reads only the files of a batch it has not read at that commit', async () => {
    const t = setUp();
    const forge = await t.fresh();
    const sha = (await forge.defaultBranch()).sha;
    await forge.readFiles(sha, ['guard/fleet.yaml']);
    t.fake.resetRequests();
    const spy = t.fake.forge.readFiles;
    const asked: string[][] = [];
    t.fake.forge.readFiles = async (ref, paths) => {
      asked.push([...paths]);
      return spy(ref, paths);
    };

    const read = await (await t.cached()).readFiles(sha, ['guard/fleet.yaml', 'a/b.yaml']);

    expect(asked).toEqual([['a/b.yaml']]);
    expect([...read]).toEqual([
      ['guard/fleet.yaml', 'fleet\n'],
      ['a/b.yaml', 'b\n'],
    ]);
  });

  it('reuses a head the tick read until it is stale, forgotten by a webhook, or moved by a merge', async () => {
    const t = setUp({ headTtlMs: 30_000 });
    const first = await (await t.fresh()).defaultBranch();
    t.fake.resetRequests();

    expect(await (await t.cached()).defaultBranch()).toEqual(first);
    expect(t.calls()).toEqual([]);

    t.advance(30_000);
    await (await t.cached()).defaultBranch();
    expect(t.calls()).toEqual(['defaultBranch']);

    const moved = t.fake.push({ 'a/b.yaml': 'c\n' });
    expect((await (await t.cached()).defaultBranch()).sha).toBe(first.sha); // within the TTL again
    t.memo.forgetHead(target);
    expect((await (await t.cached()).defaultBranch()).sha).toBe(moved);

    await (await t.fresh()).defaultBranch();
    t.fake.resetRequests();
    await (await t.fresh()).defaultBranch(); // the tick's own look always asks
    expect(t.calls()).toEqual(['defaultBranch']);
  });

  it('forgets the head when GUARD merges an MR itself', async () => {
    const t = setUp();
    const forge = await t.fresh();
    const base = (await forge.defaultBranch()).sha;
    await forge.ensureBranchCommit({
      branch: 'x',
      base,
      message: 'm',
      changes: [{ path: 'a/b.yaml', content: 'x\n' }],
    });
    const mr = await forge.ensureMergeRequest({
      branch: 'x',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });

    await (await t.cached()).mergeMergeRequest(mr.number);

    expect((await (await t.cached()).defaultBranch()).sha).not.toBe(base);
  });

  it('keeps within its bound, dropping the commits used least recently', async () => {
    const t = setUp({ maxChars: 60 });
    const forge = await t.fresh();
    const first = (await forge.defaultBranch()).sha;
    await forge.readFiles(first, ['guard/fleet.yaml', 'guard/upgrade.yaml']); // 52 characters
    const second = t.fake.push({ 'a/b.yaml': 'changed\n' });
    await forge.readFiles(second, ['guard/fleet.yaml', 'guard/upgrade.yaml']); // 52 more: the first goes
    t.fake.resetRequests();

    await forge.readFiles(second, ['guard/fleet.yaml']);
    expect(t.calls()).toEqual([]);
    await forge.readFiles(first, ['guard/fleet.yaml']);
    expect(t.calls()).toEqual(['readFiles']);
  });

  it('keeps results computed from a commit only for the forges it wraps and for commit ids', async () => {
    const t = setUp();
    const forge = await t.fresh();
    const sha = (await forge.defaultBranch()).sha;

    keptAt(forge, sha)?.set('view', { parsed: true }, 10);

    expect((await t.cached()) && keptAt(await t.cached(), sha)?.get('view')).toEqual({ parsed: true });
    expect(keptAt(forge, 'main')).toBeUndefined();
    expect(keptAt(t.fake.forge, sha)).toBeUndefined();
  });
});
