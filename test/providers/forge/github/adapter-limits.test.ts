import { describe, expect, it } from 'vitest';
import { SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

describe('GitHub adapter under limits', () => {
  it('waits retry-after on a secondary limit, which Probot only logs', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);

    h.failNext('secondary-limit', 1);
    await h.forge.defaultBranch();

    expect(h.sleeps).toEqual([1000]);
    expect(h.probotLog.lines.map((l) => l.msg)).toContainEqual(
      expect.stringMatching(/^Secondary quota detected/),
    );
  });

  it("leaves a spent quota to Probot's throttling, and waits for the reset once Probot gives up", async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);

    h.failNext('rate-limit', 1);
    await h.forge.defaultBranch();
    const afterOne = [...h.sleeps];
    // Probot retries a spent quota three times, then hands the fourth answer back.
    h.failNext('rate-limit', 4);
    await h.forge.defaultBranch();

    expect(afterOne).toEqual([]);
    expect(h.probotLog.lines.filter((l) => /^Request quota exhausted/.test(l.msg))).toHaveLength(5);
    expect(h.sleeps).toEqual([61_000]);
  });

  it('gives up after five tries and says what happened', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();
    h.failNext('server-error', 10);

    await expect(h.forge.defaultBranch()).rejects.toThrow(/answered 502 after 5 tries/);
    expect(h.requests()).toHaveLength(5);
  });

  it("keeps Probot's retry plugin from retrying behind its back", async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    await h.forge.defaultBranch();
    h.resetRequests();
    h.failNext('server-error', 1);

    await h.forge.defaultBranch();

    // Two reads (the repository, then its branch's ref), the first tried twice: one retry, ours.
    expect(h.requests()).toHaveLength(3);
    expect(h.sleeps).toEqual([1000]);
  });

  it('paces a burst of comments under the per-minute guidance', async () => {
    const h = await makeGitHubHarness();
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
