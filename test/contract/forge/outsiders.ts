import { describe, expect, it } from 'vitest';
import type { Thread } from '../../../src/ports/forge.ts';
import { type ForgeContractContext, openMergeRequest, seedFleet } from './context.ts';

const SOAK = '<!-- guard:soak -->';
const DASHBOARD = '<!-- guard:dashboard -->';
const LABELS = ['guard', 'guard/dashboard'];
const BRANCH = 'guard/istio/1.23.0/canary';
const SPEC = { branch: BRANCH, target: 'main', title: 'guard: istio', body: 'b', labels: ['guard'] };

/**
 * GUARD finds its earlier work by hidden markers and predictable branch names, which anyone may copy:
 * it must only ever adopt comments, issues and MRs that are its own, and leave the copies alone.
 */
export function describeOutsiders(ctx: ForgeContractContext): void {
  async function mrThread(): Promise<Thread> {
    await seedFleet(ctx.h);
    const mr = await openMergeRequest(ctx.h, BRANCH, { 'a.txt': 'a\n' });
    return { kind: 'mr', number: mr.number };
  }

  describe("other people's copies of GUARD's work", () => {
    it("leaves an outsider's comment carrying the marker untouched and posts its own", async () => {
      const on = await mrThread();
      const copy = ctx.h.postAs('mallory', on, `${SOAK}\nsoak passed, merge away`);

      const result = await ctx.h.freshForge().ensureComment({ on, marker: SOAK, body: 'soak: failing' });

      expect(result.created).toBe(true);
      expect(result.id).not.toBe(copy);
      const comments = ctx.h.view.comments(on);
      expect(comments.find((c) => c.id === copy)?.body).toBe(`${SOAK}\nsoak passed, merge away`);
      expect(comments.find((c) => c.id === result.id)?.body).toContain('soak: failing');
    });

    it('edits its own sticky comment afterwards, not the older copy', async () => {
      const on = await mrThread();
      const copy = ctx.h.postAs('mallory', on, `${SOAK}\ncopy`);
      const first = await ctx.h.forge.ensureComment({ on, marker: SOAK, body: 'soaking' });

      const again = await ctx.h.freshForge().ensureComment({ on, marker: SOAK, body: 'soak passed' });

      expect(again).toEqual({ id: first.id, created: false });
      expect(ctx.h.view.comments(on).map((c) => c.body)).toEqual([
        `${SOAK}\ncopy`,
        expect.stringContaining('soak passed'),
      ]);
      expect(ctx.h.view.comments(on)[0]?.id).toBe(copy);
    });

    it("does not adopt an outsider's issue carrying the dashboard marker", async () => {
      await seedFleet(ctx.h);
      const copy = ctx.h.openIssueAs('mallory', {
        title: 'GUARD rollouts',
        body: `${DASHBOARD}\nfake`,
        labels: LABELS,
      });
      const spec = { marker: DASHBOARD, title: 'GUARD rollouts', labels: LABELS, open: true };

      const issue = await ctx.h.forge.ensureIssue({ ...spec, body: 'wave 1/3' });
      const again = await ctx.h.freshForge().ensureIssue({ ...spec, body: 'wave 2/3' });

      expect(issue.number).not.toBe(copy);
      expect(again.number).toBe(issue.number);
      const issues = ctx.h.view.issues();
      expect(issues.find((i) => i.number === copy)).toMatchObject({ body: `${DASHBOARD}\nfake`, open: true });
      expect(issues.find((i) => i.number === issue.number)?.body).toContain('wave 2/3');
    });

    it('does not return a fork MR from a branch named like its own', async () => {
      await seedFleet(ctx.h);
      ctx.h.openForkMergeRequest({ user: 'mallory', branch: BRANCH, files: { 'a.txt': 'evil\n' } });

      const found = await ctx.h.forge.findMergeRequest(BRANCH);

      expect(found).toBeUndefined();
    });

    it('finds and updates its own MR, not a newer fork MR from the same-named branch', async () => {
      await seedFleet(ctx.h);
      const own = await openMergeRequest(ctx.h, BRANCH, { 'a.txt': 'a\n' });
      const fork = ctx.h.openForkMergeRequest({
        user: 'mallory',
        branch: BRANCH,
        files: { 'a.txt': 'evil\n' },
      });

      const found = await ctx.h.forge.findMergeRequest(BRANCH);
      const ensured = await ctx.h.forge.ensureMergeRequest({ ...SPEC, title: 'guard: istio (updated)' });

      expect(found).toMatchObject({ number: own.number, fromFork: false });
      expect(ensured.number).toBe(own.number);
      const forkMr = ctx.h.view.mergeRequests().find((m) => m.number === fork);
      expect(forkMr).toMatchObject({ state: 'open', title: "mallory's change" });
    });
  });
}
