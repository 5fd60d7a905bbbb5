import { describe, expect, it } from 'vitest';
import { createDefaultBranchNames } from '../../../../providers/forge/gitlab/index.ts';
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

describe('default branch names', () => {
  it('forgets the least recently learnt project past its size', () => {
    const names = createDefaultBranchNames({ max: 2 });
    names.set('a/one', 'main');
    names.set('a/two', 'trunk');
    names.set('a/one', 'main');
    names.set('a/three', 'master');

    expect([names.get('a/one'), names.get('a/two'), names.get('a/three')]).toEqual([
      'main',
      undefined,
      'master',
    ]);
  });
});
