import { describe, expect, it } from 'vitest';
import { createGitLabApi, lookUpBotUserId } from '../../../../providers/forge/gitlab/index.ts';
import { createFakeGitLab } from '../../../fakes/gitlab-server/index.ts';
import { makeGitLabHarness } from './harness.ts';

const HOST = 'https://gitlab.example.com';
const path = (r: { url: string }) => new URL(r.url).pathname;

describe("GitLab adapter: the token's user", () => {
  it('asks GET /user once per adapter when it is not given the id', async () => {
    const h = makeGitLabHarness({ askBotUser: true });
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.resetRequests();

    const issue = await h.forge.ensureIssue({
      marker: '<!-- d -->',
      title: 'd',
      body: 'b',
      labels: [],
      open: true,
    });
    const on = { kind: 'issue', number: issue.number } as const;
    await h.forge.ensureComment({ on, marker: '<!-- m -->', body: 'one' });
    await h.forge.ensureComment({ on, marker: '<!-- m -->', body: 'two' });

    expect(h.requests().filter((r) => path(r) === '/api/v4/user')).toHaveLength(1);
    expect(h.view.comments(on)).toHaveLength(1);
  });

  it('asks nothing about the user when it is given the id', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.resetRequests();

    await h.forge.ensureIssue({ marker: '<!-- d -->', title: 'd', body: 'b', labels: [], open: true });

    expect(h.requests().map(path)).not.toContain('/api/v4/user');
  });

  it("looks up the token's user id for a server to hand to every adapter", async () => {
    const fake = createFakeGitLab({ host: HOST, project: 'acme/fleet', now: () => 0 });
    const api = createGitLabApi({ host: HOST, token: 'glpat-test', fetch: fake.fetch });

    const id = await lookUpBotUserId(api);

    expect(fake.world.users.find((u) => u.id === id)?.username).toBe(fake.world.botUser);
  });

  it('asks again after a failed look-up instead of remembering the failure', async () => {
    const h = makeGitLabHarness({ askBotUser: true });
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.fake.inject({
      status: 401,
      body: { message: '401 Unauthorized' },
      times: 1,
      when: (_m, p) => p === '/api/v4/user',
    });
    const spec = { marker: '<!-- d -->', title: 'd', body: 'b', labels: [], open: true };

    await expect(h.forge.ensureIssue(spec)).rejects.toMatchObject({ status: 401 });
    const issue = await h.forge.ensureIssue(spec);

    expect(h.view.issues().map((i) => i.number)).toEqual([issue.number]);
  });
});
