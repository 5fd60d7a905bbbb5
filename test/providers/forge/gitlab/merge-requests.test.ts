import { describe, expect, it } from 'vitest';
import {
  type GitLabMergeRequest,
  toMergeRequest,
} from '../../../../providers/forge/gitlab/merge-request-shape.ts';
import { makeGitLabHarness } from './harness.ts';

const SPEC = {
  branch: 'guard/istio/1.23.0/canary',
  target: 'main',
  title: 't',
  body: 'b',
  labels: ['guard'],
};

function mr(over: Partial<GitLabMergeRequest>): GitLabMergeRequest {
  return {
    iid: 3,
    web_url: 'https://gitlab.example.com/acme/fleet/-/merge_requests/3',
    source_branch: 'topic',
    target_branch: 'main',
    title: 'title',
    description: null,
    state: 'opened',
    sha: 'a'.repeat(40),
    merge_commit_sha: null,
    squash_commit_sha: null,
    merged_at: null,
    labels: [],
    author: { username: 'alice' },
    project_id: 42,
    source_project_id: 42,
    target_project_id: 42,
    ...over,
  };
}

describe('GitLab merge requests', () => {
  it('takes the squash commit as the merge sha of a squashed MR', () => {
    const merged = toMergeRequest(
      mr({ state: 'merged', squash_commit_sha: 'b'.repeat(40), merged_at: '2025-03-01T10:00:00Z' }),
    );

    expect(merged).toMatchObject({
      state: 'merged',
      mergeSha: 'b'.repeat(40),
      mergedAt: '2025-03-01T10:00:00Z',
    });
  });

  it('reports a locked MR as open and an MR from another project as from a fork', () => {
    const result = toMergeRequest(mr({ state: 'locked', source_project_id: 99 }));

    expect(result).toMatchObject({ state: 'open', fromFork: true, author: 'alice' });
  });

  it('retries "source branch does not exist" right after the commit', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside(SPEC.branch, { 'a.txt': 'a\n' });
    h.fake.inject({ status: 400, body: { message: ['Source branch does not exist'] }, times: 1 });

    const opened = await h.forge.ensureMergeRequest(SPEC);

    expect(opened.state).toBe('open');
    expect(h.view.mergeRequests()).toHaveLength(1);
  });

  it('opens a new MR when the newest one from the branch was closed', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside(SPEC.branch, { 'a.txt': 'a\n' });
    const first = await h.forge.ensureMergeRequest(SPEC);
    h.setMergeRequestState(first.number, 'closed');

    const second = await h.forge.ensureMergeRequest(SPEC);

    expect(second.number).not.toBe(first.number);
    expect((await h.forge.findMergeRequest(SPEC.branch))?.number).toBe(second.number);
  });

  it('costs no update when the open MR already matches', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside(SPEC.branch, { 'a.txt': 'a\n' });
    await h.forge.ensureMergeRequest(SPEC);
    h.resetRequests();

    await h.forge.ensureMergeRequest(SPEC);

    expect(h.requests().map((r) => r.method)).toEqual(['POST', 'GET']);
  });
});
