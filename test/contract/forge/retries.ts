import { describe, expect, it } from 'vitest';
import { type ForgeContractContext, openMergeRequest, seedFleet } from './context.ts';

const KINDS = ['rate-limit', 'secondary-limit', 'server-error'] as const;

/** Rate limits and server errors are retried, a bounded number of times. */
export function describeRetries(ctx: ForgeContractContext): void {
  describe('retries', () => {
    it.each(KINDS)('reads through two %s answers', async (kind) => {
      const sha = await seedFleet(ctx.h);
      ctx.h.failNext(kind, 2);

      const files = await ctx.h.forge.readFiles(sha, ['README.md']);

      expect(files.get('README.md')).toBe('# fleet\n');
    });

    it.each(KINDS)('writes once through two %s answers', async (kind) => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, 'topic', { 'a.txt': 'a\n' });
      ctx.h.failNext(kind, 2);

      await ctx.h.forge.addComment({ on: { kind: 'mr', number: mr.number }, body: 'hello' });

      expect(ctx.h.view.comments({ kind: 'mr', number: mr.number }).map((c) => c.body)).toEqual(['hello']);
    });

    it('commits through a server error in the middle of the work', async () => {
      const base = await seedFleet(ctx.h);
      ctx.h.failNext('server-error', 1);

      const result = await ctx.h.forge.ensureBranchCommit({
        branch: 'guard/istio/1.23.0/canary',
        base,
        message: 'up',
        changes: [{ path: 'a.txt', content: 'a\n' }],
      });

      expect(ctx.h.view.branchHead('guard/istio/1.23.0/canary')).toBe(result.sha);
    });

    it('gives up after a bounded number of tries with an error that says so', async () => {
      await seedFleet(ctx.h);
      ctx.h.resetRequests();
      ctx.h.failNext('server-error', 1000);

      const attempt = ctx.h.forge.defaultBranch();

      await expect(attempt).rejects.toThrow(/\S/);
      expect(ctx.h.requests().length).toBeGreaterThan(1);
      expect(ctx.h.requests().length).toBeLessThanOrEqual(10);
    });
  });
}
