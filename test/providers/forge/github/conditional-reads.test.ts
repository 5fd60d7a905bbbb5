import { describe, expect, it } from 'vitest';
import {
  createEtagCache,
  createGitHubForge,
  type EtagCache,
} from '../../../../providers/forge/github/index.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { FAKE_APP } from '../../../fakes/github-server/fake-app.ts';
import { makeGitHubHarness } from './harness.ts';

/** The harness plus forges that share one ETag cache, as the server's forges do (one per reconcile). */
async function withSharedEtags() {
  const h = await makeGitHubHarness();
  h.seed(SEED);
  const etags = createEtagCache();
  const forge = () =>
    createGitHubForge({
      octokit: h.octokit,
      owner: 'acme',
      repo: 'fleet',
      appId: FAKE_APP.id,
      now: h.now,
      etags,
    });
  return { h, etags, forge };
}

describe('the fake GitHub and conditional requests', () => {
  it('answers 304 to If-None-Match with the current ETag, and only then, without counting it', async () => {
    const { h } = await withSharedEtags();
    const first = await h.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner: 'acme',
      repo: 'fleet',
      ref: 'heads/main',
    });
    const etag = (first.headers as Record<string, string>).etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    const used = h.fake.rateLimit().used;

    const again = h.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner: 'acme',
      repo: 'fleet',
      ref: 'heads/main',
      headers: { 'if-none-match': etag },
      request: { retries: 0 },
    });
    await expect(again).rejects.toMatchObject({ status: 304 });
    expect(h.fake.rateLimit().used).toBe(used);

    h.pushOutside('main', { 'README.md': 'moved\n' });
    const moved = await h.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      owner: 'acme',
      repo: 'fleet',
      ref: 'heads/main',
      headers: { 'if-none-match': etag },
      request: { retries: 0 },
    });
    expect(moved.status).toBe(200);
    expect((moved.headers as Record<string, string>).etag).not.toBe(etag);
    expect(h.fake.rateLimit().used).toBe(used + 1);
  });
});

describe('GitHub reads each tick repeats', () => {
  it('asks for the default branch conditionally: unchanged, it costs no rate limit; moved, it is seen', async () => {
    const { h, forge } = await withSharedEtags();
    const first = await forge().defaultBranch();
    const used = h.fake.rateLimit().used;
    h.resetRequests();

    // A later reconcile's forge (a new instance) asks again: two requests, both 304.
    expect(await forge().defaultBranch()).toEqual(first);
    expect(h.requests()).toHaveLength(2);
    expect(h.fake.rateLimit().used).toBe(used);

    const pushed = h.pushOutside('main', { 'guard/upgrade.yaml': 'changed\n' });
    const after = await forge().defaultBranch();
    expect(after).toEqual({ name: 'main', sha: pushed });
    expect(h.fake.rateLimit().used).toBeGreaterThan(used);
  });

  it('follows a change of the default branch (the repository is read conditionally too)', async () => {
    const { h, forge } = await withSharedEtags();
    await forge().defaultBranch();
    const other = h.pushOutside('release', { 'README.md': 'release\n' });
    h.fake.state.defaultBranch = 'release';

    expect(await forge().defaultBranch()).toEqual({ name: 'release', sha: other });
  });

  it('finds an MR it waits on conditionally, and still sees it merged or closed', async () => {
    const { h, forge } = await withSharedEtags();
    const base = (await forge().defaultBranch()).sha;
    const branch = 'guard/istio/1.23.0/canary';
    const writer = forge();
    await writer.ensureBranchCommit({ branch, base, message: 'm', changes: [{ path: 'a', content: 'a\n' }] });
    const mr = await writer.ensureMergeRequest({ branch, target: 'main', title: 't', body: 'b', labels: [] });
    expect((await forge().findMergeRequest(branch))?.state).toBe('open');
    const used = h.fake.rateLimit().used;

    expect((await forge().findMergeRequest(branch))?.state).toBe('open');
    expect((await forge().getMergeRequest(mr.number))?.state).toBe('open');
    expect(h.fake.rateLimit().used).toBe(used + 1); // the MR by number was new; the look-up was a 304
    expect((await forge().getMergeRequest(mr.number))?.state).toBe('open');
    expect(h.fake.rateLimit().used).toBe(used + 1);

    h.setMergeRequestState(mr.number, 'merged');
    expect((await forge().findMergeRequest(branch))?.state).toBe('merged');
    expect((await forge().getMergeRequest(mr.number))?.state).toBe('merged');

    const closedBranch = 'guard/istio/1.23.0/prod';
    await writer.ensureBranchCommit({
      branch: closedBranch,
      base,
      message: 'm',
      changes: [{ path: 'b', content: 'b\n' }],
    });
    const other = await writer.ensureMergeRequest({
      branch: closedBranch,
      target: 'main',
      title: 't2',
      body: 'b',
      labels: [],
    });
    expect((await forge().findMergeRequest(closedBranch))?.state).toBe('open');
    h.setMergeRequestState(other.number, 'closed');
    expect((await forge().findMergeRequest(closedBranch))?.state).toBe('closed');
  });

  it('keeps a bounded number of ETags, dropping the least recently used', () => {
    const etags: EtagCache = createEtagCache(2);
    etags.set('a', { etag: '1', data: 'A' });
    etags.set('b', { etag: '2', data: 'B' });
    expect(etags.get('a')?.data).toBe('A'); // a is now the most recent
    etags.set('c', { etag: '3', data: 'C' });

    expect(etags.size).toBe(2);
    expect(etags.get('b')).toBeUndefined();
    expect(etags.get('a')?.data).toBe('A');
    expect(etags.get('c')?.data).toBe('C');
  });
});
