import { describe, expect, it } from 'vitest';
import { createGitLabWorld } from './gitlab-world.ts';
import { requestYaml, waveBranch } from './world.ts';

describe('scenario: ticks on GitLab while nothing changes', () => {
  it("soaking: each tick reads the default branch's head with one request and nothing else", async () => {
    const w = await createGitLabWorld('https://gitlab.com');
    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
    await w.deliver(w.merge(waveBranch('test')));
    await w.soakFor(2 * 60_000);
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
    w.fake.resetRequests();

    await w.soakFor(3 * 60_000);

    const requests = w.fake
      .requests()
      .map((r) => `${r.method} ${decodeURIComponent(new URL(r.url).pathname)}`);
    expect(requests).toEqual(Array(3).fill('GET /api/v4/projects/acme/fleet/repository/branches/main'));
    expect(w.unhandled()).toEqual([]);
  });
});
