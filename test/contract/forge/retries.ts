import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS } from '../../../src/util/with-retry.ts';
import { type ForgeContractContext, openMergeRequest, seedFleet } from './context.ts';

/** Answers worth a short wait in place: a limit that asks for a second, a 502. */
const KINDS = ['secondary-limit', 'server-error'] as const;

/**
 * Server errors and short limits are retried in place, a bounded number of times (the one retry
 * policy, src/util/with-retry.ts); a spent quota, whose reset is far off, ends the call at once
 * with a RateLimitedError carrying the wait, for the engine to requeue.
 */
export function describeRetries(ctx: ForgeContractContext): void {
  describe('retries', () => {
    it('hands a spent quota on as a RateLimitedError with its wait, and writes nothing', async () => {
      await seedFleet(ctx.h);
      const mr = await openMergeRequest(ctx.h, 'topic', { 'a.txt': 'a\n' });
      ctx.h.resetRequests();
      ctx.h.failNext('rate-limit', 1);

      const error = await ctx.h.forge
        .addComment({ on: { kind: 'mr', number: mr.number }, body: 'hello' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(RETRY_LIMITS.budgetMs);
      expect(ctx.h.requests()).toHaveLength(1);
      expect(ctx.h.view.comments({ kind: 'mr', number: mr.number })).toEqual([]);
    });

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
      expect(ctx.h.requests()).toHaveLength(RETRY_LIMITS.tries);
    });
  });
}
