import { describe, expect, it } from 'vitest';
import type { Thread } from '../../../src/ports/forge.ts';
import { type ForgeContractContext, openMergeRequest, seedFleet } from './context.ts';

const MARKER = '<!-- guard:precheck -->';

/** Sticky comments by marker, plain comments and reactions. */
export function describeComments(ctx: ForgeContractContext): void {
  async function mrThread(): Promise<Thread> {
    await seedFleet(ctx.h);
    const mr = await openMergeRequest(ctx.h, 'guard/istio/1.23.0/canary', { 'a.txt': 'a\n' });
    return { kind: 'mr', number: mr.number };
  }

  describe('comments', () => {
    it('creates the sticky comment once, carrying its marker and body', async () => {
      const on = await mrThread();

      const result = await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'precheck: pending' });

      expect(result.created).toBe(true);
      const comments = ctx.h.view.comments(on);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.id).toBe(result.id);
      expect(comments[0]?.body).toContain(MARKER);
      expect(comments[0]?.body).toContain('precheck: pending');
    });

    it('edits the sticky comment in place instead of adding another', async () => {
      const on = await mrThread();
      const first = await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'precheck: pending' });

      const second = await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'precheck: passed' });

      expect(second).toEqual({ id: first.id, created: false });
      const comments = ctx.h.view.comments(on);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('precheck: passed');
      expect(comments[0]?.body).not.toContain('pending');
    });

    it('finds the sticky comment behind more than 100 others', async () => {
      const on = await mrThread();
      const first = await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'old' });
      for (let i = 0; i < 110; i++) await ctx.h.forge.addComment({ on, body: `chatter ${i}` });

      const again = await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'new' });

      expect(again).toEqual({ id: first.id, created: false });
      expect(ctx.h.view.comments(on).filter((c) => c.body.includes(MARKER))).toHaveLength(1);
    });

    it('keeps sticky comments with different markers apart', async () => {
      const on = await mrThread();
      await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'precheck' });

      const soak = await ctx.h.forge.ensureComment({ on, marker: '<!-- guard:soak -->', body: 'soak' });

      expect(soak.created).toBe(true);
      expect(ctx.h.view.comments(on)).toHaveLength(2);
    });

    it('adds plain comments as separate comments', async () => {
      const on = await mrThread();

      const a = await ctx.h.forge.addComment({ on, body: 'soak failed on eu-1' });
      const b = await ctx.h.forge.addComment({ on, body: 'soak failed on eu-1' });

      expect(a.id).not.toBe(b.id);
      expect(ctx.h.view.comments(on).map((c) => c.body)).toEqual([
        'soak failed on eu-1',
        'soak failed on eu-1',
      ]);
    });

    it('comments on an issue as on an MR', async () => {
      await seedFleet(ctx.h);
      const issue = await ctx.h.forge.ensureIssue({
        marker: '<!-- guard:dashboard -->',
        title: 'GUARD dashboard',
        body: 'rollouts',
        labels: ['guard', 'guard/dashboard'],
        open: true,
      });
      const on: Thread = { kind: 'issue', number: issue.number };

      await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'one' });
      await ctx.h.forge.ensureComment({ on, marker: MARKER, body: 'two' });

      expect(ctx.h.view.comments(on)).toHaveLength(1);
      expect(ctx.h.view.comments(on)[0]?.body).toContain('two');
    });

    it('adds a reaction once however often it is asked', async () => {
      const on = await mrThread();
      const { id } = await ctx.h.forge.addComment({ on, body: '/guard approve' });

      await ctx.h.forge.addReaction({ on, commentId: id, reaction: 'eyes' });
      await ctx.h.forge.addReaction({ on, commentId: id, reaction: 'eyes' });

      expect(ctx.h.view.comments(on)[0]?.reactions).toEqual(['eyes']);
    });
  });
}
