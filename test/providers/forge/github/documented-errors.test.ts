import { describe, expect, it } from 'vitest';
import { GitHubRequestError } from '../../../../providers/forge/github/client.ts';
import { BranchMovedError } from '../../../../src/ports/forge.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

const BRANCH = 'guard/istio/1.23.0/canary';
const spec = { branch: BRANCH, target: 'main', title: 't', body: 'b', labels: ['guard'] };

async function seeded() {
  const h = await makeGitHubHarness();
  h.seed(SEED);
  const base = (await h.forge.defaultBranch()).sha;
  const commit = (forge = h.forge) =>
    forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.0\n' }],
    });
  return { h, base, commit };
}

describe('GitHub adapter on the errors GitHub documents', () => {
  it('reads 422 "Reference already exists" as the branch moved under it', async () => {
    const { h, commit } = await seeded();
    h.fake.before('POST', '/git/refs', () => h.pushOutside(BRANCH, { 'x.txt': 'theirs\n' }));

    await expect(commit()).rejects.toThrow(BranchMovedError);
  });

  it('reads 422 "Update is not a fast forward" as the branch moved under it', async () => {
    const { h, base, commit } = await seeded();
    h.fake.state.git.refs.set(BRANCH, base);
    h.fake.before('PATCH', `/git/refs/heads/${BRANCH}`, () => h.pushOutside(BRANCH, { 'x.txt': 'theirs\n' }));

    await expect(commit()).rejects.toThrow(BranchMovedError);
    expect(h.view.file(BRANCH, 'x.txt')).toBe('theirs\n');
  });

  it('adopts the pull request another replica opened between its branch and its pull', async () => {
    const { h, commit } = await seeded();
    await commit();
    const other = await h.freshForge().ensureMergeRequest(spec);

    const mine = await h.forge.ensureMergeRequest({ ...spec, title: 'newer title' });

    expect(mine.number).toBe(other.number);
    expect(h.view.mergeRequests()).toHaveLength(1);
    expect(h.view.mergeRequests()[0]?.title).toBe('newer title');
  });

  it("says what GitHub's Validation Failed was about", async () => {
    const { h } = await seeded();
    h.pushOutside('empty', {});
    h.fake.state.git.refs.set('empty', h.view.branchHead('main')!);

    const open = h.forge.ensureMergeRequest({ ...spec, branch: 'empty' });

    await expect(open).rejects.toThrow(/answered 422: Validation Failed: No commits between main and empty/);
  });

  it('answers 409 "Head branch was modified" with an error that keeps the status and says so', async () => {
    const { h, commit } = await seeded();
    await commit();
    const mr = await h.forge.ensureMergeRequest(spec);
    h.fake.before('PUT', `/pulls/${mr.number}/merge`, () => h.pushOutside(BRANCH, { 'x.txt': 'late\n' }));

    const merge = h.forge.mergeMergeRequest(mr.number);

    await expect(merge).rejects.toMatchObject({ name: 'GitHubRequestError', status: 409 });
    await expect(merge).rejects.toThrow(/head moved while GUARD merged it/);
    expect(h.view.mergeRequests()[0]?.state).toBe('open');
  });

  it('answers 405 "not mergeable" (a conflict) with an error that keeps the status and says what to do', async () => {
    const { h, commit } = await seeded();
    await commit();
    const mr = await h.forge.ensureMergeRequest(spec);
    h.pushOutside('main', { 'clusters/eu-1/istio.yaml': 'version: 1.22.1\n' });

    const merge = h.forge.mergeMergeRequest(mr.number);

    await expect(merge).rejects.toBeInstanceOf(GitHubRequestError);
    await expect(merge).rejects.toMatchObject({ status: 405 });
    await expect(merge).rejects.toThrow(
      /GitHub refuses to merge pull request #\d+: Pull Request is not mergeable/,
    );
  });

  it('merges a pull request whose base moved without touching its files', async () => {
    const { h, commit } = await seeded();
    await commit();
    const mr = await h.forge.ensureMergeRequest(spec);
    h.pushOutside('main', { 'README.md': '# fleet, edited\n' });

    const merged = await h.forge.mergeMergeRequest(mr.number);

    expect(merged.state).toBe('merged');
    expect(h.view.file('main', 'clusters/eu-1/istio.yaml')).toBe('version: 1.23.0\n');
    expect(h.view.file('main', 'README.md')).toBe('# fleet, edited\n');
  });
});

describe('the fake GitHub REST API', () => {
  it('pages lists with a link header naming prev, next, last and first', async () => {
    const { h } = await seeded();
    const issue = await h.forge.ensureIssue({ marker: 'm', title: 't', body: 'b', labels: [], open: true });
    for (let i = 0; i < 5; i++) h.postAs('alice', { kind: 'issue', number: issue.number }, `c${i}`);
    const url = `https://api.github.com/repos/acme/fleet/issues/${issue.number}/comments`;

    const second = await h.octokit.request(`GET ${url}`, { per_page: 2, page: 2 });

    const link = (second.headers as { link?: string }).link ?? '';
    expect(link.split(', ').map((l) => /rel="(\w+)"/.exec(l)?.[1])).toEqual([
      'prev',
      'next',
      'last',
      'first',
    ]);
    expect(link).toContain('page=3>; rel="last"');
  });

  it("shows GUARD's comments as its App's bot, through its App", async () => {
    const { h } = await seeded();
    const issue = await h.forge.ensureIssue({ marker: 'm', title: 't', body: 'b', labels: [], open: true });
    await h.forge.addComment({ on: { kind: 'issue', number: issue.number }, body: 'hello' });
    h.postAs('alice', { kind: 'issue', number: issue.number }, 'hi');

    const { data } = await h.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'acme',
      repo: 'fleet',
      issue_number: issue.number,
    });

    const authors = (
      data as { user: { login: string; type: string }; performed_via_github_app: unknown }[]
    ).map((c) => ({
      ...c.user,
      app: (c.performed_via_github_app as { slug?: string } | null)?.slug ?? null,
    }));
    expect(authors).toMatchObject([
      { login: 'guard[bot]', type: 'Bot', app: 'guard' },
      { login: 'alice', type: 'User', app: null },
    ]);
  });
});
