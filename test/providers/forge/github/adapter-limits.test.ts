import { ProbotOctokit } from 'probot';
import { describe, expect, it } from 'vitest';
import { createGitHubForge } from '../../../../providers/forge/github/index.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

describe('GitHub adapter under limits', () => {
  it('waits retry-after on a secondary limit and the reset time on a spent quota', async () => {
    const h = makeGitHubHarness();
    h.seed(SEED);

    h.failNext('secondary-limit', 1);
    await h.forge.defaultBranch();
    h.failNext('rate-limit', 1);
    await h.forge.defaultBranch();

    expect(h.sleeps).toEqual([1000, 61_000]);
  });

  it('gives up after five tries and says what happened', async () => {
    const h = makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();
    h.failNext('server-error', 10);

    await expect(h.forge.defaultBranch()).rejects.toThrow(/answered 502 after 5 tries/);
    expect(h.requests()).toHaveLength(5);
  });

  it("keeps Probot's retry plugin from retrying behind its back", async () => {
    const h = makeGitHubHarness();
    h.seed(SEED);
    const octokit = new ProbotOctokit({
      auth: { token: 'test-token' },
      request: { fetch: h.fake.fetch },
      throttle: { enabled: false },
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const waits: number[] = [];
    const forge = createGitHubForge({
      octokit,
      owner: 'acme',
      repo: 'fleet',
      sleep: async (ms) => void waits.push(ms),
    });
    h.resetRequests();
    h.failNext('server-error', 1);

    await forge.defaultBranch();

    expect(h.requests()).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it('paces a burst of comments under the per-minute guidance', async () => {
    const h = makeGitHubHarness();
    h.seed(SEED);
    const issue = await h.forge.ensureIssue({
      marker: '<!-- m -->',
      title: 't',
      body: 'b',
      labels: [],
      open: true,
    });
    const start = h.now();

    for (let i = 0; i < 60; i++)
      await h.forge.addComment({ on: { kind: 'issue', number: issue.number }, body: `${i}` });

    // 61 content-creating requests: a burst of 20, then one a second.
    expect(h.now() - start).toBeGreaterThanOrEqual(40_000);
    expect(h.view.comments({ kind: 'issue', number: issue.number })).toHaveLength(60);
  });
});
