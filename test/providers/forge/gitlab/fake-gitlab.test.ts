import { describe, expect, it } from 'vitest';
import { createFakeGitLab } from '../../../fakes/gitlab-server/index.ts';

/**
 * The fake GitLab answers as GitLab does: the cases here pin the behaviour read from GitLab's docs
 * and source (cited in the fake), so the adapter's tests cannot pass against our own beliefs.
 */
function fakeGitLab(host = 'https://gitlab.example.com') {
  const fake = createFakeGitLab({
    host,
    project: 'acme/fleet',
    now: () => Date.parse('2025-03-01T10:00:00Z'),
  });
  const { repo } = fake.world;
  const root = repo.commit({
    parents: [],
    files: new Map([
      ['a.yaml', 'a: 1\n'],
      ['b.yaml', 'b: 1\n'],
    ]),
    message: 'initial',
    author: 'someone',
  });
  repo.branches.set('main', root.sha);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fake.fetch(`${host}/api/v4/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, json: (await response.json()) as never };
  };
  return { fake, root: root.sha, call };
}

const P = 'projects/acme%2Ffleet';
const update = (path: string, content: string, lastCommitId?: string) => ({
  action: 'update',
  file_path: path,
  content,
  ...(lastCommitId ? { last_commit_id: lastCommitId } : {}),
});

describe('fake GitLab: repository commits (Commits::CreateService, Files::MultiService)', () => {
  it('compares last_commit_id with the default branch when start_sha is given, however the branch stands', async () => {
    const { root, call } = fakeGitLab();
    const first = await call('POST', `${P}/repository/commits`, {
      branch: 'guard/x',
      commit_message: 'one',
      start_sha: root,
      actions: [update('a.yaml', 'a: 2\n')],
    });
    const own = (first.json as { id: string }).id;

    const replace = await call('POST', `${P}/repository/commits`, {
      branch: 'guard/x',
      commit_message: 'two',
      start_sha: root,
      force: true,
      actions: [update('a.yaml', 'a: 3\n', own)],
    });

    expect(replace.status).toBe(400);
    expect(replace.json).toEqual({ message: 'The file has changed since you started editing it: a.yaml' });
  });

  it('compares last_commit_id with the branch itself when it is the start branch', async () => {
    const { root, call } = fakeGitLab();
    const first = await call('POST', `${P}/repository/commits`, {
      branch: 'guard/x',
      commit_message: 'one',
      start_sha: root,
      actions: [update('a.yaml', 'a: 2\n')],
    });
    const own = (first.json as { id: string }).id;

    const next = await call('POST', `${P}/repository/commits`, {
      branch: 'guard/x',
      commit_message: 'two',
      actions: [update('a.yaml', 'a: 3\n', own)],
    });

    expect(next.status).toBe(201);
    expect((next.json as { parent_ids: string[] }).parent_ids).toEqual([own]);
  });

  it('refuses start_sha onto an existing branch without force, even at its own head', async () => {
    const { root, call } = fakeGitLab();

    const answer = await call('POST', `${P}/repository/commits`, {
      branch: 'main',
      commit_message: 'x',
      start_sha: root,
      actions: [update('a.yaml', 'a: 2\n')],
    });

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      message: "A branch called 'main' already exists. Switch to that branch in order to make changes",
    });
  });

  it("answers Gitaly's index errors for a create that exists and an update that does not", async () => {
    const { root, call } = fakeGitLab();
    const commit = (action: object) =>
      call('POST', `${P}/repository/commits`, {
        branch: 'n',
        commit_message: 'x',
        start_sha: root,
        actions: [action],
      });

    expect((await commit({ action: 'create', file_path: 'a.yaml', content: '' })).json).toEqual({
      message: 'A file with this name already exists',
    });
    expect((await commit(update('zz.yaml', ''))).json).toEqual({
      message: "A file with this name doesn't exist",
    });
  });
});

describe('fake GitLab: commit statuses (CommitStatus state machine)', () => {
  it('refuses the transitions GitLab refuses and reuses an open status', async () => {
    const { root, call } = fakeGitLab();
    const post = (state: string) => call('POST', `${P}/statuses/${root}`, { state, name: 'guard/soak' });

    await post('pending');
    const again = await post('pending');
    await post('running');
    const runAgain = await post('running');
    const backToPending = await post('pending');

    expect(again).toMatchObject({ status: 400 });
    expect((again.json as { message: string }).message).toMatch(
      /^Cannot transition status via :enqueue from :pending/,
    );
    expect((runAgain.json as { message: string }).message).toMatch(
      /^Cannot transition status via :run from :running/,
    );
    expect((backToPending.json as { message: string }).message).toMatch(/via :enqueue from :running/);
  });

  it('starts a new status after a finished one, on an external pipeline it made for the sha', async () => {
    const { fake, root, call } = fakeGitLab();

    const first = await call('POST', `${P}/statuses/${root}`, { state: 'success', name: 'guard/request' });
    const second = await call('POST', `${P}/statuses/${root}`, { state: 'success', name: 'guard/request' });

    expect([first.status, second.status]).toEqual([201, 201]);
    expect((second.json as { id: number }).id).not.toBe((first.json as { id: number }).id);
    expect(first.json).toMatchObject({
      status: 'success',
      ref: 'main',
      pipeline_id: fake.world.pipelines[0]?.id,
    });
    expect(fake.world.pipelines.map((p) => p.source)).toEqual(['external']);
  });
});

describe('fake GitLab: documented answers', () => {
  it('answers 404 Project Not Found for a project it does not hold', async () => {
    const { call } = fakeGitLab();

    expect(await call('GET', 'projects/acme%2Fother/repository/branches/main')).toMatchObject({
      status: 404,
      json: { message: '404 Project Not Found' },
    });
  });

  it('pages listings with x-total, x-total-pages, x-next-page, x-page, x-per-page and link', async () => {
    const { fake, call } = fakeGitLab();
    for (let i = 0; i < 3; i++) {
      fake.world.pipelines.push({
        id: i + 1,
        iid: i + 1,
        sha: 'a'.repeat(40),
        ref: 'main',
        status: 'success',
        source: 'push',
        created_at: '',
        updated_at: '',
      });
    }

    const { headers } = await call('GET', `${P}/pipelines?per_page=2&page=1`);

    expect(
      Object.fromEntries(
        ['x-total', 'x-total-pages', 'x-next-page', 'x-page', 'x-per-page'].map((h) => [h, headers.get(h)]),
      ),
    ).toEqual({
      'x-total': '3',
      'x-total-pages': '2',
      'x-next-page': '2',
      'x-page': '1',
      'x-per-page': '2',
    });
    expect(headers.get('link')).toMatch(/<[^>]*page=2[^>]*>; rel="next"/);
  });

  it('allows one open MR per source and target branch, naming the open one in a list', async () => {
    const { root, call } = fakeGitLab();
    await call('POST', `${P}/repository/commits`, {
      branch: 'topic',
      commit_message: 'x',
      start_sha: root,
      actions: [update('a.yaml', 'a: 9\n')],
    });
    const open = (target: string) =>
      call('POST', `${P}/merge_requests`, { source_branch: 'topic', target_branch: target, title: 't' });

    const first = await open('main');
    const duplicate = await open('main');

    expect(first.json).toMatchObject({
      iid: 1,
      source_project_id: 42,
      target_project_id: 42,
      detailed_merge_status: 'mergeable',
      diff_refs: { base_sha: root, start_sha: root },
      web_url: 'https://gitlab.example.com/acme/fleet/-/merge_requests/1',
      author: { username: 'guard-bot' },
    });
    expect(duplicate).toMatchObject({
      status: 409,
      json: { message: ['Another open merge request already exists for this source branch: !1'] },
    });
  });

  it('serves REST and GraphQL under the path prefix of a self-managed instance only', async () => {
    const { fake, call } = fakeGitLab('https://example.com/gitlab');

    const branch = await call('GET', `${P}/repository/branches/main`);
    const graphql = await fake.fetch('https://example.com/gitlab/api/graphql', {
      method: 'POST',
      body: JSON.stringify({
        query: 'query { project(fullPath: $p) { repository { blobs(ref: "main") } } }',
      }),
    });

    expect(branch.json).toMatchObject({
      commit: { parent_ids: [] },
      web_url: 'https://example.com/gitlab/acme/fleet/-/tree/main',
    });
    expect(graphql.status).toBe(200);
    await expect(fake.fetch('https://example.com/api/v4/projects/acme%2Ffleet')).rejects.toThrow(/no route/);
  });
});
