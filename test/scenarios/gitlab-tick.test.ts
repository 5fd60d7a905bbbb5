import { describe, expect, it } from 'vitest';
import { createGitLabWorld, type GitLabWorld } from './gitlab-world.ts';
import { requestYaml, waveBranch } from './world.ts';

const HEAD = 'GET /api/v4/projects/acme/fleet/repository/branches/main';

/** A world whose rollout's first wave is merged and soaking, with the fake's log cleared. */
async function soaking(): Promise<GitLabWorld> {
  const w = await createGitLabWorld('https://gitlab.com');
  await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
  await w.deliver(w.merge(waveBranch('test')));
  await w.soakFor(2 * 60_000);
  expect((await w.state())?.waves[0]?.phase).toBe('soaking');
  w.fake.resetRequests();
  return w;
}

const requests = (w: GitLabWorld) =>
  w.fake.requests().map((r) => `${r.method} ${decodeURIComponent(new URL(r.url).pathname)}`);

describe('scenario: ticks on GitLab while nothing changes', () => {
  it("soaking: each tick reads the default branch's head with one request and nothing else", async () => {
    const w = await soaking();

    await w.soakFor(3 * 60_000);

    expect(requests(w)).toEqual(Array(3).fill(HEAD));
    expect(w.unhandled()).toEqual([]);
  });

  it.each([
    ['a restarted process', 'replica-1'],
    ['another replica', 'replica-2'],
  ])(
    'soaking: %s reads the head with one request on its first tick (the name and the guard files are in the store)',
    async (_, owner) => {
      const w = await soaking();
      await w.restart(owner);

      await w.soakFor(2 * 60_000);

      expect(requests(w)).toEqual([HEAD, HEAD]);
      expect(w.unhandled()).toEqual([]);
      expect(w.logs.filter((l) => l.level === 'error')).toEqual([]);
    },
  );
});
