import { describe, expect, it } from 'vitest';
import {
  createDefaultBranchNames,
  type DefaultBranchNames,
  defaultBranchKey,
} from '../../../../providers/forge/gitlab/index.ts';
import type { StateStore } from '../../../../src/ports/state-store.ts';
import { createMemoryStore } from '../../../fakes/memory-store.ts';
import { makeGitLabHarness } from './harness.ts';

const path = (r: { url: string }) => decodeURIComponent(new URL(r.url).pathname);

/** A harness whose adapters share one name memo on a clock the test moves. */
function sharing() {
  let now = 0;
  const names = createDefaultBranchNames({ ttlMs: 60_000, now: () => now });
  const h = makeGitLabHarness({ branchNames: names });
  h.seed({ defaultBranch: 'main', files: { 'guard/fleet.yaml': 'clusters: []\n' } });
  return { h, names, advance: (ms: number) => (now += ms) };
}

describe("GitLab adapter: the default branch's head", () => {
  it('reads it with one request once the process knows the name, two the first time', async () => {
    const { h } = sharing();
    h.resetRequests();

    const first = await h.freshForge().defaultBranch();
    const cold = h.requests().map(path);
    h.resetRequests();
    const second = await h.freshForge().defaultBranch();

    expect(cold).toEqual([
      '/api/v4/projects/acme/fleet',
      '/api/v4/projects/acme/fleet/repository/branches/main',
    ]);
    expect(h.requests().map(path)).toEqual(['/api/v4/projects/acme/fleet/repository/branches/main']);
    expect(second).toEqual(first);
  });

  it('asks for the project each time when the adapters share nothing', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'guard/fleet.yaml': 'clusters: []\n' } });
    await h.freshForge().defaultBranch();
    h.resetRequests();

    await h.freshForge().defaultBranch();

    expect(h.requests().map(path)).toHaveLength(2);
  });

  it('follows a renamed default branch at once when the old branch is gone', async () => {
    const { h } = sharing();
    await h.freshForge().defaultBranch();
    const { world } = h.fake;
    world.repo.branches.set('trunk', world.repo.branches.get('main')!);
    world.repo.branches.delete('main');
    world.project.defaultBranch = 'trunk';

    const head = await h.freshForge().defaultBranch();

    expect(head.name).toBe('trunk');
    expect(head.sha).toBe(world.repo.branches.get('trunk'));
  });

  it('follows a renamed default branch whose old branch is kept once the name is older than its ttl', async () => {
    const { h, advance } = sharing();
    await h.freshForge().defaultBranch();
    const { world } = h.fake;
    world.repo.branches.set('trunk', world.repo.branches.get('main')!);
    world.project.defaultBranch = 'trunk';

    const soon = await h.freshForge().defaultBranch();
    advance(60_000);
    const later = await h.freshForge().defaultBranch();

    expect(soon.name).toBe('main');
    expect(later.name).toBe('trunk');
  });

  it('passes on a failure other than a missing branch, and keeps the name', async () => {
    const { h } = sharing();
    await h.freshForge().defaultBranch();
    h.fake.inject({ status: 403, body: { message: '403 Forbidden' }, times: 1 });

    await expect(h.freshForge().defaultBranch()).rejects.toThrow(/403/);
    h.resetRequests();
    await h.freshForge().defaultBranch();
    expect(h.requests()).toHaveLength(1);
  });
});

const HEAD = '/api/v4/projects/acme/fleet/repository/branches/main';
const PROJECT = '/api/v4/projects/acme/fleet';

/**
 * A harness whose adapters share a name memo kept in a state store, and `restart()`: a new process
 * (a fresh memo, the store reopened) behind the same fake GitLab; `store()` is the current process's.
 */
function durable(options: { ttlMs?: number; store?: StateStore } = {}) {
  let now = 0;
  const data = createMemoryStore(() => now);
  let store: StateStore & { ops?: () => number } = options.store ?? data;
  const memo = () =>
    createDefaultBranchNames({ store, now: () => now, ...(options.ttlMs && { ttlMs: options.ttlMs }) });
  let names = memo();
  const current: DefaultBranchNames = {
    get: (p) => names.get(p),
    set: (p, n) => names.set(p, n),
    forget: (p, n) => names.forget(p, n),
  };
  const h = makeGitLabHarness({ branchNames: current });
  h.seed({ defaultBranch: 'main', files: { 'guard/fleet.yaml': 'clusters: []\n' } });
  const head = async () => {
    h.resetRequests();
    const branch = await h.freshForge().defaultBranch();
    return { ...branch, requests: h.requests().map(path) };
  };
  return {
    h,
    head,
    restart() {
      if (!options.store) store = data.reopen();
      names = memo();
    },
    store: () => store,
    stored: async () => (await data.get(defaultBranchKey('acme/fleet')))?.value,
    advance: (ms: number) => (now += ms),
    /** The default branch is now `trunk`, at main's commit; `keepMain` leaves the old branch. */
    rename(keepMain = false) {
      const { world } = h.fake;
      world.repo.branches.set('trunk', world.repo.branches.get('main')!);
      if (!keepMain) world.repo.branches.delete('main');
      world.project.defaultBranch = 'trunk';
    },
  };
}

describe("GitLab adapter: the default branch's name kept in the state store", () => {
  it('a restarted process reads its first head with one request, and later ones without the store', async () => {
    const d = durable();
    const cold = await d.head();
    d.restart();

    const first = await d.head();
    const opsAfterFirst = d.store().ops!();
    const second = await d.head();

    expect(cold.requests).toEqual([PROJECT, HEAD]);
    expect(await d.stored()).toEqual({ name: 'main' });
    expect(first).toEqual({ ...cold, requests: [HEAD] });
    expect(opsAfterFirst).toBe(1);
    expect(second.requests).toEqual([HEAD]);
    expect(d.store().ops!()).toBe(1);
  });

  it('follows a default branch renamed while GUARD was down at once when the old branch is gone', async () => {
    const d = durable();
    await d.head();
    d.rename();
    d.restart();

    const first = await d.head();
    d.restart();
    const next = await d.head();

    expect(first.name).toBe('trunk');
    expect(first.sha).toBe(d.h.fake.world.repo.branches.get('trunk'));
    expect(first.requests).toEqual([HEAD, PROJECT, `${PROJECT}/repository/branches/trunk`]);
    expect(await d.stored()).toEqual({ name: 'trunk' });
    expect(next.requests).toEqual([`${PROJECT}/repository/branches/trunk`]);
  });

  it('follows a renamed default branch whose old branch is kept within the ttl of the start', async () => {
    const d = durable({ ttlMs: 60_000 });
    await d.head();
    d.advance(24 * 3_600_000); // GUARD is down for a day, meanwhile the default branch is renamed
    d.rename(true);
    d.restart();

    const soon = await d.head();
    d.advance(60_000);
    const later = await d.head();
    d.restart();
    const restarted = await d.head();

    expect(soon.name).toBe('main');
    expect(later.name).toBe('trunk');
    expect(restarted).toMatchObject({ name: 'trunk', requests: [`${PROJECT}/repository/branches/trunk`] });
  });

  it('writes a name learnt again unchanged once: the store is not written on every ttl', async () => {
    const d = durable({ ttlMs: 60_000 });
    await d.head();
    d.restart();
    await d.head();
    const ops = d.store().ops!();

    d.advance(60_000);
    const relearnt = await d.head();

    expect(relearnt.requests).toEqual([PROJECT, HEAD]);
    expect(d.store().ops!()).toBe(ops);
    expect((await d.store().get(defaultBranchKey('acme/fleet')))?.version).toBe(1);
  });

  it("reads the store once for the reconciles of a project's rollouts that start together", async () => {
    const d = durable();
    await d.head();
    d.restart();

    const heads = await Promise.all([1, 2, 3].map(() => d.h.freshForge().defaultBranch()));

    expect(new Set(heads.map((b) => b.name))).toEqual(new Set(['main']));
    expect(d.store().ops!()).toBe(1);
  });

  it('asks the project when the store fails, and answers right', async () => {
    const down = async () => {
      throw new Error('store down');
    };
    const failing = { ...createMemoryStore(), get: down, put: down, remove: down } satisfies StateStore;
    const d = durable({ store: failing });
    await d.head();
    d.restart();

    const first = await d.head();
    d.rename();
    d.restart();
    const renamed = await d.head();

    expect(first).toMatchObject({ name: 'main', requests: [PROJECT, HEAD] });
    expect(renamed).toMatchObject({
      name: 'trunk',
      requests: [PROJECT, `${PROJECT}/repository/branches/trunk`],
    });
  });

  it('ignores a record it did not write, and replaces it', async () => {
    const d = durable();
    await d.store().put(defaultBranchKey('acme/fleet'), { something: 'else' }, 0);

    const first = await d.head();

    expect(first).toMatchObject({ name: 'main', requests: [PROJECT, HEAD] });
    expect(await d.stored()).toEqual({ name: 'main' });
  });
});

describe('default branch names', () => {
  it('forgets the least recently learnt project past its size', async () => {
    const names = createDefaultBranchNames({ max: 2 });
    await names.set('a/one', 'main');
    await names.set('a/two', 'trunk');
    await names.set('a/one', 'main');
    await names.set('a/three', 'master');

    expect(await Promise.all([names.get('a/one'), names.get('a/two'), names.get('a/three')])).toEqual([
      'main',
      undefined,
      'master',
    ]);
  });

  it('forgets a name whose branch is gone in the store too, unless the store holds another by then', async () => {
    const store = createMemoryStore();
    const names = createDefaultBranchNames({ store });
    await names.set('a/one', 'main');
    await names.forget('a/one', 'main');
    await names.set('a/two', 'trunk');
    await names.forget('a/two', 'main');

    expect(await store.get(defaultBranchKey('a/one'))).toBeUndefined();
    expect((await store.get(defaultBranchKey('a/two')))?.value).toEqual({ name: 'trunk' });
    expect(await names.get('a/one')).toBeUndefined();
  });
});
