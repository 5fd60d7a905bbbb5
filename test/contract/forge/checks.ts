import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../src/ports/forge.ts';
import { type ForgeContractContext, seedFleet } from './context.ts';

function check(sha: string, over: Partial<CheckSpec> = {}): CheckSpec {
  return {
    sha,
    name: 'guard/precheck',
    state: 'pending',
    title: 'Prechecks running',
    summary: '## Prechecks\n\nrunning',
    ...over,
  };
}

/** setCheck: one named check per sha, created then updated, annotations in chunks. */
export function describeChecks(ctx: ForgeContractContext): void {
  describe('setCheck', () => {
    it('creates a named check on a sha', async () => {
      const sha = await seedFleet(ctx.h);

      await ctx.h.forge.setCheck(check(sha, { detailsUrl: 'https://guard.example/r/1' }));

      expect(ctx.h.view.checks(sha)).toEqual([
        expect.objectContaining({ name: 'guard/precheck', state: 'pending', title: 'Prechecks running' }),
      ]);
    });

    it('updates the same check instead of adding another', async () => {
      const sha = await seedFleet(ctx.h);
      await ctx.h.forge.setCheck(check(sha));

      await ctx.h.forge.setCheck(
        check(sha, { state: 'failure', title: 'eu-1 failed', summary: 'eu-1: 5xx' }),
      );

      const checks = ctx.h.view.checks(sha);
      expect(checks).toHaveLength(1);
      expect(checks[0]).toMatchObject({ name: 'guard/precheck', state: 'failure', title: 'eu-1 failed' });
    });

    it('keeps checks with different names apart', async () => {
      const sha = await seedFleet(ctx.h);
      await ctx.h.forge.setCheck(check(sha));

      await ctx.h.forge.setCheck(check(sha, { name: 'guard/soak', state: 'success', title: 'soak passed' }));

      const names = ctx.h.view.checks(sha).map((c) => [c.name, c.state]);
      expect(names.sort()).toEqual([
        ['guard/precheck', 'pending'],
        ['guard/soak', 'success'],
      ]);
    });

    it('accepts every state', async () => {
      const sha = await seedFleet(ctx.h);

      for (const state of ['pending', 'success', 'failure', 'neutral'] as const) {
        await ctx.h.forge.setCheck(check(sha, { name: `guard/${state}`, state }));
      }

      expect(ctx.h.view.checks(sha)).toHaveLength(4);
    });

    // GitHub's 50-per-request limit is an HTTP matter, asserted in the GitHub adapter's own tests
    // (test/providers/forge/github/adapter-writes.test.ts); an in-memory forge has no requests.
    it('delivers 120 annotations without losing any', async () => {
      const sha = await seedFleet(ctx.h);
      const annotations = Array.from({ length: 120 }, (_, i) => ({
        path: `clusters/c${i}/istio.yaml`,
        line: i + 1,
        message: `version too old on c${i}`,
        level: 'failure' as const,
      }));

      await ctx.h.forge.setCheck(check(sha, { state: 'failure', annotations }));

      const batches = ctx.h.view.annotationBatches(sha, 'guard/precheck');
      // Forges without annotations (GitLab statuses) receive none; those with them receive all.
      expect([0, 120]).toContain(batches.reduce((a, b) => a + b, 0));
      expect(ctx.h.view.checks(sha)[0]?.state).toBe('failure');
    });
  });
}
