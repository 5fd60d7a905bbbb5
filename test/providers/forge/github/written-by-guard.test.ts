import { describe, expect, it } from 'vitest';
import type { Thread } from '../../../../src/ports/forge.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { openForkPull } from '../../../fakes/github-server/outsiders.ts';
import { makeGitHubHarness } from './harness.ts';

const MARKER = '<!-- guard:soak -->';
const BRANCH = 'guard/istio/1.23.0/canary';

/** A seeded fake with one wave MR GUARD opened; `forge` is a fresh adapter (the next reconcile). */
async function waveMr(options: { withoutAppId?: boolean } = {}) {
  const h = await makeGitHubHarness(options);
  h.seed(SEED);
  h.pushOutside(BRANCH, { 'a.txt': 'a\n' });
  const mr = await h.forge.ensureMergeRequest({
    branch: BRANCH,
    target: 'main',
    title: 't',
    body: 'b',
    labels: [],
  });
  const on: Thread = { kind: 'mr', number: mr.number };
  return { h, on, forge: h.freshForge() };
}

describe('GitHub adapter: only its own work', () => {
  it("leaves another App's comment carrying the marker alone when it knows its App id", async () => {
    const { h, on, forge } = await waveMr();
    const copy = h.postAs('other-app[bot]', on, `${MARKER}\nnot GUARD`);

    const result = await forge.ensureComment({ on, marker: MARKER, body: 'soaking' });

    expect(result.created).toBe(true);
    expect(h.view.comments(on).find((c) => c.id === copy)?.body).toBe(`${MARKER}\nnot GUARD`);
  });

  it("does not adopt another App's issue carrying the dashboard marker", async () => {
    const { h, forge } = await waveMr();
    const labels = ['guard', 'guard/dashboard'];
    const copy = h.openIssueAs('other-app[bot]', {
      title: 'GUARD',
      body: '<!-- guard:dashboard -->',
      labels,
    });

    const issue = await forge.ensureIssue({
      marker: '<!-- guard:dashboard -->',
      title: 'GUARD',
      body: 'x',
      labels,
      open: true,
    });

    expect(issue.number).not.toBe(copy);
    expect(h.view.issues()).toHaveLength(2);
  });

  it("without its App id, still leaves a person's copy alone", async () => {
    const { h, on, forge } = await waveMr({ withoutAppId: true });
    const copy = h.postAs('mallory', on, `${MARKER}\ncopy`);

    const result = await forge.ensureComment({ on, marker: MARKER, body: 'soaking' });

    expect(result.created).toBe(true);
    expect(h.view.comments(on).find((c) => c.id === copy)?.body).toBe(`${MARKER}\ncopy`);
  });

  it('without its App id, finds its own comment again by the bot author', async () => {
    const { h, on } = await waveMr({ withoutAppId: true });
    const first = await h.forge.ensureComment({ on, marker: MARKER, body: 'soaking' });

    const again = await h.freshForge().ensureComment({ on, marker: MARKER, body: 'passed' });

    expect(again).toEqual({ id: first.id, created: false });
  });

  it('skips a pull request from a fork the owner keeps under the same head name', async () => {
    const { h, forge } = await waveMr();
    const own = h.view.mergeRequests()[0]!;
    openForkPull(h.fake.state, {
      user: 'acme-bot',
      branch: BRANCH,
      files: { 'a.txt': 'other\n' },
      fork: { owner: 'acme', repo: 'fleet-copy' },
    });

    const found = await forge.findMergeRequest(BRANCH);

    expect(found).toMatchObject({ number: own.number, fromFork: false });
  });
});
