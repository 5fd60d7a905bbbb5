import { describe, expect, it } from 'vitest';
import { BranchMovedError, type FileChange } from '../../../src/ports/forge.ts';
import { type ForgeContractContext, manyFiles, SEED, seedFleet } from './context.ts';

const BRANCH = 'guard/istio/1.23.0/canary';
const CHANGES: FileChange[] = [
  { path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.0\n' },
  { path: 'clusters/us-1/istio.yaml', content: 'version: 1.23.0\n' },
  { path: 'clusters/ap-1/istio.yaml', content: 'version: 1.23.0\n' },
];

/** ensureBranchCommit: one commit on base, idempotent, never overwriting someone else's push. */
export function describeBranchCommit(ctx: ForgeContractContext): void {
  describe('ensureBranchCommit', () => {
    it('creates the branch with one commit on base carrying every change', async () => {
      const base = await seedFleet(ctx.h);

      const result = await ctx.h.forge.ensureBranchCommit({
        branch: BRANCH,
        base,
        message: 'up',
        changes: CHANGES,
      });

      expect(result.created).toBe(true);
      expect(ctx.h.view.branchHead(BRANCH)).toBe(result.sha);
      expect(ctx.h.view.commitsAhead(BRANCH)).toEqual([{ sha: result.sha, message: 'up', parents: [base] }]);
      for (const change of CHANGES) expect(ctx.h.view.file(BRANCH, change.path)).toBe(change.content);
      expect(ctx.h.view.file(BRANCH, 'README.md')).toBe(SEED.files['README.md']);
      expect(ctx.h.view.branchHead('main')).toBe(base);
    });

    it('leaves the branch alone when run again with the same changes', async () => {
      const base = await seedFleet(ctx.h);
      const first = await ctx.h.forge.ensureBranchCommit({
        branch: BRANCH,
        base,
        message: 'up',
        changes: CHANGES,
      });

      const again = await ctx.h.forge.ensureBranchCommit({
        branch: BRANCH,
        base,
        message: 'up',
        changes: CHANGES,
      });

      expect(again).toEqual({ sha: first.sha, created: false });
      expect(ctx.h.view.commitsAhead(BRANCH)).toHaveLength(1);
    });

    it('carries 150 changes in one commit', async () => {
      const base = await seedFleet(ctx.h);
      const files = manyFiles('clusters/many', 150);
      const changes = Object.entries(files).map(([path, content]) => ({ path, content }));

      await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'many', changes });

      expect(ctx.h.view.commitsAhead(BRANCH)).toHaveLength(1);
      expect(ctx.h.view.file(BRANCH, 'clusters/many/file-149.yaml')).toBe('n: 149\n');
    });

    it('replaces its own earlier commit on the same base when the changes differ', async () => {
      const base = await seedFleet(ctx.h);
      await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes: CHANGES });
      const changes = [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.1\n' }];

      const result = await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up2', changes });

      expect(result.created).toBe(true);
      expect(ctx.h.view.commitsAhead(BRANCH)).toEqual([{ sha: result.sha, message: 'up2', parents: [base] }]);
      expect(ctx.h.view.file(BRANCH, 'clusters/eu-1/istio.yaml')).toBe('version: 1.23.1\n');
      expect(ctx.h.view.file(BRANCH, 'clusters/ap-1/istio.yaml')).toBeUndefined();
    });

    it('replaces its own commit on its old base after the default branch changed the same file', async () => {
      const base = await seedFleet(ctx.h);
      await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes: CHANGES });
      ctx.h.pushOutside(SEED.defaultBranch, { 'clusters/eu-1/istio.yaml': 'version: 1.22.1\n' });
      const changes = [{ path: 'clusters/eu-1/istio.yaml', content: 'version: 1.23.1\n' }];

      const result = await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up2', changes });

      expect(result.created).toBe(true);
      expect(ctx.h.view.branchHead(BRANCH)).toBe(result.sha);
      expect(ctx.h.view.commitsAhead(BRANCH)).toEqual([{ sha: result.sha, message: 'up2', parents: [base] }]);
      expect(ctx.h.view.file(BRANCH, 'clusters/eu-1/istio.yaml')).toBe('version: 1.23.1\n');
    });

    it('replaces its own commit again and again, one commit on base each time', async () => {
      const base = await seedFleet(ctx.h);
      const shas: string[] = [];

      for (const version of ['1.23.0', '1.23.1', '1.23.2']) {
        const changes = CHANGES.map((c) => ({ ...c, content: `version: ${version}\n` }));
        shas.push(
          (await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: version, changes })).sha,
        );
      }

      expect(new Set(shas).size).toBe(3);
      expect(ctx.h.view.commitsAhead(BRANCH)).toEqual([{ sha: shas[2], message: '1.23.2', parents: [base] }]);
      for (const change of CHANGES) expect(ctx.h.view.file(BRANCH, change.path)).toBe('version: 1.23.2\n');
    });

    it('refuses to overwrite a branch someone else pushed to', async () => {
      const base = await seedFleet(ctx.h);
      await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes: CHANGES });
      const theirs = ctx.h.pushOutside(BRANCH, { 'clusters/eu-1/istio.yaml': 'version: 9.9.9\n' });

      const attempt = ctx.h.forge.ensureBranchCommit({
        branch: BRANCH,
        base,
        message: 'up',
        changes: CHANGES,
      });

      await expect(attempt).rejects.toBeInstanceOf(BranchMovedError);
      expect(ctx.h.view.branchHead(BRANCH)).toBe(theirs);
      expect(ctx.h.view.file(BRANCH, 'clusters/eu-1/istio.yaml')).toBe('version: 9.9.9\n');
    });

    it("with reset, replaces an earlier attempt's branch with one commit on the new base", async () => {
      const base = await seedFleet(ctx.h);
      await ctx.h.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'old', changes: CHANGES });
      ctx.h.pushOutside(BRANCH, { 'clusters/eu-1/istio.yaml': 'version: 9.9.9\n' });
      const newBase = ctx.h.pushOutside(SEED.defaultBranch, { 'README.md': 'moved on\n' });

      const result = await ctx.h.forge.ensureBranchCommit({
        branch: BRANCH,
        base: newBase,
        message: 'again',
        changes: CHANGES,
        reset: true,
      });

      expect(result.created).toBe(true);
      expect(ctx.h.view.branchHead(BRANCH)).toBe(result.sha);
      expect(ctx.h.view.commitsAhead(BRANCH).map((c) => c.parents)).toEqual([[newBase]]);
      expect(ctx.h.view.file(BRANCH, 'README.md')).toBe('moved on\n');
      for (const change of CHANGES) expect(ctx.h.view.file(BRANCH, change.path)).toBe(change.content);
    });
  });
}
