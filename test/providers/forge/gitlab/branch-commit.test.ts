import { describe, expect, it } from 'vitest';
import { BranchMovedError } from '../../../../src/ports/forge.ts';
import { makeGitLabHarness } from './harness.ts';

const BRANCH = 'guard/istio/1.23.0/canary';
const SEED = {
  defaultBranch: 'main',
  files: { 'clusters/eu-1/istio.yaml': 'version: 1.22.0\n', 'README.md': '# fleet\n' },
};

async function seeded() {
  const h = makeGitLabHarness();
  h.seed(SEED);
  const base = (await h.forge.defaultBranch()).sha;
  return { h, base };
}

describe('GitLab ensureBranchCommit', () => {
  it('opens a new branch with a single commits request', async () => {
    const { h, base } = await seeded();
    h.resetRequests();

    await h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.0\n' }],
    });

    expect(h.requests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /api/v4/projects/acme%2Ffleet/repository/commits',
    ]);
  });

  it('creates files that do not exist on base and updates those that do, in one commit', async () => {
    const { h, base } = await seeded();

    await h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [
        { path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.0\n' },
        { path: 'clusters/new/istio.yaml', content: 'version: 1.23.0\n' },
      ],
    });

    expect(h.view.commitsAhead(BRANCH)).toHaveLength(1);
    expect(h.view.file(BRANCH, 'clusters/new/istio.yaml')).toBe('version: 1.23.0\n');
    expect(h.view.file(BRANCH, 'clusters/eu-1/istio.yaml')).toBe('version: 1.23.0\n');
  });

  it('replaces its own commit with force from start_sha, and sends no last_commit_id GitLab would hold against the default branch', async () => {
    const { h, base } = await seeded();
    const change = (version: string) => [
      { path: 'clusters/eu-1/istio.yaml', content: `version: ${version}\n` },
    ];
    await h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes: change('1.23.0') });
    h.fake.resetRequests();

    const result = await h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up2',
      changes: change('1.23.1'),
    });

    const posts = h.fake
      .requests()
      .filter((r) => r.method === 'POST' && r.url.endsWith('/repository/commits'));
    expect(posts.map((r) => r.body.force ?? false)).toEqual([false, true]);
    expect(posts[1]?.body).toMatchObject({ branch: BRANCH, start_sha: base });
    expect(posts[1]?.body.actions).toEqual([
      { action: 'update', file_path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.1\n' },
    ]);
    expect(h.view.commitsAhead(BRANCH)).toEqual([{ sha: result.sha, message: 'up2', parents: [base] }]);
  });

  it('refuses with BranchMovedError when someone pushes between its look at the branch and its write', async () => {
    const { h, base } = await seeded();
    await h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.0\n' }],
    });
    let theirs = '';
    h.fake.inject({
      times: 1,
      when: (method, path) => method === 'GET' && path.endsWith('/diff'),
      effect: () => {
        theirs = h.pushOutside(BRANCH, { 'clusters/eu-1/istio.yaml': 'version: 9.9.9\n' });
      },
    });

    const attempt = h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up2',
      changes: [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.1\n' }],
    });

    await expect(attempt).rejects.toBeInstanceOf(BranchMovedError);
    expect(h.view.branchHead(BRANCH)).toBe(theirs);
    expect(h.view.file(BRANCH, 'clusters/eu-1/istio.yaml')).toBe('version: 9.9.9\n');
  });

  it('refuses a branch someone else created on base', async () => {
    const { h, base } = await seeded();
    h.pushOutside(BRANCH, { 'README.md': '# theirs\n' });
    h.pushOutside(BRANCH, { 'README.md': '# theirs again\n' });

    const attempt = h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [{ path: 'README.md', content: '# ours\n' }],
    });

    await expect(attempt).rejects.toBeInstanceOf(BranchMovedError);
    expect(h.view.file(BRANCH, 'README.md')).toBe('# theirs again\n');
  });

  it('retries a 409 "Resource lock" and commits once', async () => {
    const { h, base } = await seeded();
    h.fake.inject({ status: 409, body: { message: 'Resource lock' }, times: 1 });

    const result = await h.forge.ensureBranchCommit({
      branch: BRANCH,
      base,
      message: 'up',
      changes: [{ path: 'README.md', content: '# ours\n' }],
    });

    expect(result.created).toBe(true);
    expect(h.view.commitsAhead(BRANCH)).toHaveLength(1);
    expect(h.sleeps).toHaveLength(1);
  });
});
