import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createForgeFor } from '../../../handlers/server/forge-for.ts';
import { countedFetch } from '../../../handlers/server/forge-traffic.ts';
import { createServerMetrics } from '../../../handlers/server/server-metrics.ts';
import type { OctokitLike } from '../../../providers/forge/github/client.ts';
import { createGitLabApi } from '../../../providers/forge/gitlab/index.ts';
import { silentLogger } from '../../../src/engine/logger.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

const gitlabApi = setupServer();
beforeAll(() => gitlabApi.listen({ onUnhandledRequest: 'error' }));
afterEach(() => gitlabApi.resetHandlers());
afterAll(() => gitlabApi.close());

/** GETs the fake answers with an ETag (and 304 when asked with it), as GitHub does. */
const TAGGED: Record<string, { etag: string; data: unknown }> = {
  'GET /repos/{owner}/{repo}': { etag: 'W/"r1"', data: { default_branch: 'main' } },
  'GET /repos/{owner}/{repo}/git/ref/{ref}': { etag: 'W/"g1"', data: { object: { sha: 'abc' } } },
};

/** Probot's `auth` as a fake: records which identity each request was sent as, and conditional ones. */
function fakeGitHubAuth(installation: { status: number; id?: number }) {
  const calls: { as: string; route: string; ifNoneMatch?: string }[] = [];
  const octokit = (as: string): OctokitLike => ({
    async request(route, params) {
      const ifNoneMatch = (params?.headers as Record<string, string> | undefined)?.['if-none-match'];
      calls.push({ as, route, ...(ifNoneMatch ? { ifNoneMatch } : {}) });
      if (route.startsWith('GET /repos/{owner}/{repo}/installation')) {
        if (installation.status !== 200)
          throw Object.assign(new Error('Not Found'), { status: installation.status });
        return { status: 200, data: { id: installation.id }, headers: {} };
      }
      const headers = { 'x-ratelimit-remaining': '4321' };
      const tagged = TAGGED[route];
      if (tagged && ifNoneMatch === tagged.etag)
        throw Object.assign(new Error('Not modified'), { status: 304, response: { headers } });
      if (tagged) return { status: 200, data: tagged.data, headers: { ...headers, etag: tagged.etag } };
      return { status: 200, data: [], headers };
    },
    async graphql() {
      calls.push({ as, route: 'graphql' });
      return { repository: { defaultBranchRef: { name: 'main', target: { oid: 'abc' } } } };
    },
  });
  return { calls, auth: async (id?: number) => octokit(id === undefined ? 'app' : `installation ${id}`) };
}

describe('forgeFor', () => {
  it('finds the installation of a GitHub repository once with the App JWT, then acts as the installation', async () => {
    const github = fakeGitHubAuth({ status: 200, id: 77 });
    const metrics = createServerMetrics();
    const forgeFor = createForgeFor({ github: { appId: 1, auth: github.auth }, metrics, log: silentLogger });

    await (await forgeFor({ forge: 'github', project: 'acme/fleet' })).defaultBranch();
    await (await forgeFor({ forge: 'github', project: 'acme/fleet' })).changedFiles(1);

    expect(github.calls).toEqual([
      { as: 'app', route: 'GET /repos/{owner}/{repo}/installation' },
      { as: 'installation 77', route: 'GET /repos/{owner}/{repo}' },
      { as: 'installation 77', route: 'GET /repos/{owner}/{repo}/git/ref/{ref}' },
      { as: 'installation 77', route: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files' },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('guard_forge_requests_total{forge="github",status="200"} 3');
    expect(text).toContain('guard_forge_rate_limit_remaining{forge="github"} 4321');
  });

  it('uses the installation a delivery names without looking it up', async () => {
    const github = fakeGitHubAuth({ status: 500 });
    const forgeFor = createForgeFor({
      github: { appId: 1, auth: github.auth },
      metrics: createServerMetrics(),
      log: silentLogger,
    });

    await (await forgeFor({ forge: 'github', project: 'acme/fleet', installationId: 9 })).defaultBranch();

    expect(github.calls.map((c) => c.as)).toEqual(['installation 9', 'installation 9']);
  });

  it('shares ETags between the forges it builds: the next reconcile reads the head conditionally', async () => {
    const github = fakeGitHubAuth({ status: 200, id: 77 });
    const metrics = createServerMetrics();
    const forgeFor = createForgeFor({ github: { appId: 1, auth: github.auth }, metrics, log: silentLogger });

    const first = await (await forgeFor({ forge: 'github', project: 'acme/fleet' })).defaultBranch();
    const again = await (await forgeFor({ forge: 'github', project: 'acme/fleet' })).defaultBranch();

    expect(again).toEqual(first);
    expect(github.calls.slice(-2)).toEqual([
      { as: 'installation 77', route: 'GET /repos/{owner}/{repo}', ifNoneMatch: 'W/"r1"' },
      { as: 'installation 77', route: 'GET /repos/{owner}/{repo}/git/ref/{ref}', ifNoneMatch: 'W/"g1"' },
    ]);
    expect(await metrics.registry.metrics()).toContain(
      'guard_forge_requests_total{forge="github",status="304"} 2',
    );
  });

  it('says to install the App when the repository has no installation', async () => {
    const github = fakeGitHubAuth({ status: 404 });
    const forgeFor = createForgeFor({
      github: { appId: 1, auth: github.auth },
      metrics: createServerMetrics(),
      log: silentLogger,
    });

    await expect(forgeFor({ forge: 'github', project: 'acme/fleet' })).rejects.toThrow(
      "GUARD's GitHub App is not installed on acme/fleet; install it on the repository",
    );
  });

  it('builds GitLab forges on the one configured API client', async () => {
    gitlabApi.use(
      http.get('https://gitlab.test/api/v4/user', () => HttpResponse.json({ id: 7, username: 'guard-bot' })),
      http.get('https://gitlab.test/api/v4/projects/acme%2Ffleet', () =>
        HttpResponse.json({ default_branch: 'main' }, { headers: { 'ratelimit-remaining': '1999' } }),
      ),
      http.get('https://gitlab.test/api/v4/projects/acme%2Ffleet/repository/branches/main', () =>
        HttpResponse.json(
          { name: 'main', commit: { id: 'def' } },
          { headers: { 'ratelimit-remaining': '1998' } },
        ),
      ),
    );
    const metrics = createServerMetrics();
    const api = createGitLabApi({
      host: 'https://gitlab.test',
      token: 't',
      fetch: countedFetch((i, init) => fetch(i, init), metrics),
    });
    const forgeFor = createForgeFor({ gitlab: { api }, metrics, log: silentLogger });

    const branch = await (await forgeFor({ forge: 'gitlab', project: 'acme/fleet' })).defaultBranch();

    expect(branch).toEqual({ name: 'main', sha: 'def' });
    expect(await metrics.registry.metrics()).toContain(
      'guard_forge_rate_limit_remaining{forge="gitlab"} 1998',
    );
  });

  it('keeps GitLab default branch names in the state store: a restarted server reads a head with one request', async () => {
    const asked: string[] = [];
    gitlabApi.use(
      // docs.gitlab.com/api/projects/#get-a-single-project and /api/branches/#get-single-repository-branch
      http.get('https://gitlab.test/api/v4/projects/acme%2Ffleet', () => {
        asked.push('project');
        return HttpResponse.json({ id: 42, path_with_namespace: 'acme/fleet', default_branch: 'main' });
      }),
      http.get('https://gitlab.test/api/v4/projects/acme%2Ffleet/repository/branches/main', () => {
        asked.push('branch');
        return HttpResponse.json({ name: 'main', default: true, commit: { id: 'def' } });
      }),
    );
    const store = createMemoryStore();
    const server = () =>
      createForgeFor({
        gitlab: { api: createGitLabApi({ host: 'https://gitlab.test', token: 't' }), botUserId: 7 },
        metrics: createServerMetrics(),
        log: silentLogger,
        store: store.reopen(),
      });

    await (await server()({ forge: 'gitlab', project: 'acme/fleet' })).defaultBranch();
    const cold = asked.splice(0);
    const head = await (await server()({ forge: 'gitlab', project: 'acme/fleet' })).defaultBranch();

    expect(cold).toEqual(['project', 'branch']);
    expect(asked).toEqual(['branch']);
    expect(head).toEqual({ name: 'main', sha: 'def' });
  });

  it("asks GitLab for the token's user once, for every forge it builds, when one first needs it", async () => {
    const asked: string[] = [];
    const notes: { id: number; body: string; system: boolean; author: { id: number } }[] = [];
    gitlabApi.use(
      http.get('https://gitlab.test/api/v4/user', ({ request }) => {
        asked.push(request.headers.get('private-token') ?? '');
        return asked.length === 1
          ? HttpResponse.json({ message: '401 Unauthorized' }, { status: 401 })
          : HttpResponse.json({ id: 7, username: 'guard-bot' });
      }),
      http.get('https://gitlab.test/api/v4/projects/:project', () =>
        HttpResponse.json({ id: 42, path_with_namespace: 'acme/fleet', default_branch: 'main' }),
      ),
      http.get('https://gitlab.test/api/v4/projects/:project/repository/branches/main', () =>
        HttpResponse.json({ name: 'main', default: true, commit: { id: 'def' } }),
      ),
      // docs.gitlab.com/api/notes/#list-all-merge-request-notes and #create-new-merge-request-note
      http.get('https://gitlab.test/api/v4/projects/:project/merge_requests/1/notes', () =>
        HttpResponse.json(notes),
      ),
      http.post(
        'https://gitlab.test/api/v4/projects/:project/merge_requests/1/notes',
        async ({ request }) => {
          const { body } = (await request.json()) as { body: string };
          notes.push({ id: notes.length + 1, body, system: false, author: { id: 7 } });
          return HttpResponse.json(notes.at(-1), { status: 201 });
        },
      ),
    );
    const api = createGitLabApi({
      host: 'https://gitlab.test',
      token: 't',
      fetch: (i, init) => fetch(i, init),
    });
    const forgeFor = createForgeFor({ gitlab: { api }, metrics: createServerMetrics(), log: silentLogger });
    const sticky = { on: { kind: 'mr', number: 1 }, marker: '<!-- guard:precheck -->', body: 'ok' } as const;

    const fleet = await forgeFor({ forge: 'gitlab', project: 'acme/fleet' });
    await fleet.defaultBranch();
    const beforeWrites = asked.length;
    await expect(fleet.ensureComment(sticky)).rejects.toThrow('401');
    await (await forgeFor({ forge: 'gitlab', project: 'acme/fleet' })).ensureComment(sticky);
    const again = await (await forgeFor({ forge: 'gitlab', project: 'acme/other' })).ensureComment(sticky);

    expect(beforeWrites).toBe(0);
    expect(asked).toEqual(['t', 't']);
    expect(again.created).toBe(false);
  });

  it('uses a GitLab bot user id it is given without asking', async () => {
    let asked = 0;
    gitlabApi.use(
      http.get('https://gitlab.test/api/v4/user', () => {
        asked += 1;
        return HttpResponse.json({ id: 7 });
      }),
    );
    const api = createGitLabApi({
      host: 'https://gitlab.test',
      token: 't',
      fetch: (i, init) => fetch(i, init),
    });
    const forgeFor = createForgeFor({
      gitlab: { api, botUserId: 7 },
      metrics: createServerMetrics(),
      log: silentLogger,
    });

    await forgeFor({ forge: 'gitlab', project: 'acme/fleet' });

    expect(asked).toBe(0);
  });

  it('refuses a forge that is not configured, naming the setting', async () => {
    const forgeFor = createForgeFor({ metrics: createServerMetrics(), log: silentLogger });

    await expect(forgeFor({ forge: 'gitlab', project: 'acme/fleet' })).rejects.toThrow('GITLAB_TOKEN unset');
  });
});
