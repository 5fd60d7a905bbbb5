import { describe, expect, it } from 'vitest';
import { type ForgeContractContext, openMergeRequest, seedFleet } from './context.ts';

const BRANCH = 'guard/istio/1.23.0/canary';
const SPEC = {
  branch: BRANCH,
  target: 'main',
  title: `guard: istio 1.23.0 → ${BRANCH}`,
  body: 'Upgrades istio.',
  labels: ['guard', 'guard/wave'],
};
const FILES = { 'clusters/eu-1/istio.yaml': 'version: 1.23.0\n', 'clusters/new/istio.yaml': 'v: 1\n' };

/** Finding, opening, updating, closing and merging MRs. */
export function describeMergeRequests(ctx: ForgeContractContext): void {
  describe('merge requests', () => {
    it('opens an MR from the branch with title, body, labels and head', async () => {
      await seedFleet(ctx.h);

      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);

      expect(mr).toMatchObject({ branch: BRANCH, state: 'open', target: 'main', fromFork: false });
      expect(mr.headSha).toBe(ctx.h.view.branchHead(BRANCH));
      expect([...mr.labels].sort()).toEqual(['guard', 'guard/wave']);
      expect(mr.url).toMatch(/^https?:\/\//);
      expect(ctx.h.view.mergeRequests()).toHaveLength(1);
    });

    it('finds the open MR instead of opening a second one', async () => {
      await seedFleet(ctx.h);
      const first = await openMergeRequest(ctx.h, BRANCH, FILES);

      const again = await ctx.h.forge.ensureMergeRequest(SPEC);

      expect(again.number).toBe(first.number);
      expect(ctx.h.view.mergeRequests()).toHaveLength(1);
    });

    it('updates title, body and labels that differ', async () => {
      await seedFleet(ctx.h);
      const first = await openMergeRequest(ctx.h, BRANCH, FILES);
      const spec = {
        branch: BRANCH,
        target: 'main',
        title: 'new title',
        body: 'new body',
        labels: ['guard'],
      };

      const updated = await ctx.h.forge.ensureMergeRequest(spec);

      expect(updated).toMatchObject({ number: first.number, title: 'new title', labels: ['guard'] });
      expect(ctx.h.view.mergeRequests()[0]).toMatchObject({ title: 'new title', labels: ['guard'] });
    });

    it('finds an MR by branch and by number, in any state', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);
      ctx.h.setMergeRequestState(mr.number, 'closed');

      const byBranch = await ctx.h.forge.findMergeRequest(BRANCH);
      const byNumber = await ctx.h.forge.getMergeRequest(mr.number);

      expect(byBranch).toMatchObject({ number: mr.number, state: 'closed' });
      expect(byNumber).toMatchObject({ number: mr.number, state: 'closed', branch: BRANCH });
    });

    it('answers undefined for an unknown branch or number', async () => {
      await seedFleet(ctx.h);

      expect(await ctx.h.forge.findMergeRequest('no/such/branch')).toBeUndefined();
      expect(await ctx.h.forge.getMergeRequest(4242)).toBeUndefined();
    });

    it('reports a merged MR with its merge commit and time', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);
      ctx.h.setMergeRequestState(mr.number, 'merged');

      const merged = await ctx.h.forge.getMergeRequest(mr.number);

      expect(merged?.state).toBe('merged');
      expect(merged?.mergeSha).toMatch(/^[0-9a-f]{7,}$/);
      expect(Number.isNaN(Date.parse(merged?.mergedAt ?? ''))).toBe(false);
    });

    it('lists the paths an MR changes', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);

      const paths = await ctx.h.forge.changedFiles(mr.number);

      expect([...paths].sort()).toEqual(Object.keys(FILES).sort());
    });

    it('lists more than 100 changed paths', async () => {
      await seedFleet(ctx.h);
      const files: Record<string, string> = {};
      for (let i = 0; i < 120; i++) files[`clusters/c${i}/istio.yaml`] = `v: ${i}\n`;
      const mr = await openMergeRequest(ctx.h, BRANCH, files);

      const paths = await ctx.h.forge.changedFiles(mr.number);

      expect([...paths].sort()).toEqual(Object.keys(files).sort());
    });

    it('closes an open MR with a comment saying why', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);

      await ctx.h.forge.closeMergeRequest(mr.number, 'superseded by 1.23.1');

      expect((await ctx.h.forge.getMergeRequest(mr.number))?.state).toBe('closed');
      const bodies = ctx.h.view.comments({ kind: 'mr', number: mr.number }).map((c) => c.body);
      expect(bodies.some((b) => b.includes('superseded by 1.23.1'))).toBe(true);
    });

    it('leaves a merged MR alone when asked to close it', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);
      ctx.h.setMergeRequestState(mr.number, 'merged');

      await ctx.h.forge.closeMergeRequest(mr.number, 'too late');

      expect((await ctx.h.forge.getMergeRequest(mr.number))?.state).toBe('merged');
      expect(ctx.h.view.comments({ kind: 'mr', number: mr.number })).toEqual([]);
    });

    it('merges an open MR, and a second merge changes nothing', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, BRANCH, FILES);

      const merged = await ctx.h.forge.mergeMergeRequest(mr.number);
      const again = await ctx.h.forge.mergeMergeRequest(mr.number);

      expect(merged).toMatchObject({ number: mr.number, state: 'merged' });
      expect(again.mergeSha).toBe(merged.mergeSha);
      expect(ctx.h.view.file('main', 'clusters/new/istio.yaml')).toBe('v: 1\n');
    });

    it('finds its MR among more than 100', async () => {
      await seedFleet(ctx.h);
      for (let i = 0; i < 105; i++) await openMergeRequest(ctx.h, `topic/${i}`, { [`f${i}.txt`]: `${i}\n` });

      const mr = await ctx.h.forge.findMergeRequest('topic/3');
      const again = await ctx.h.forge.ensureMergeRequest({ ...SPEC, branch: 'topic/3' });

      expect(mr?.branch).toBe('topic/3');
      expect(again.number).toBe(mr?.number);
      expect(ctx.h.view.mergeRequests()).toHaveLength(105);
    });
  });
}
