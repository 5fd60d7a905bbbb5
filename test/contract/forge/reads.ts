import { describe, expect, it } from 'vitest';
import { type ForgeContractContext, manyFiles, SEED, seedFleet } from './context.ts';

/** defaultBranch, readFiles and listFiles. */
export function describeReads(ctx: ForgeContractContext): void {
  describe('reads', () => {
    it('names the default branch and its head commit', async () => {
      ctx.h.seed(SEED);

      const branch = await ctx.h.forge.defaultBranch();

      expect(branch).toEqual({ name: 'main', sha: ctx.h.view.branchHead('main') });
    });

    it('reads several files at a sha and answers undefined for missing ones', async () => {
      const sha = await seedFleet(ctx.h);

      const files = await ctx.h.forge.readFiles(sha, ['guard/fleet.yaml', 'nope.yaml', 'README.md']);

      expect([...files.entries()]).toEqual([
        ['guard/fleet.yaml', SEED.files['guard/fleet.yaml']],
        ['nope.yaml', undefined],
        ['README.md', '# fleet\n'],
      ]);
    });

    it('reads files at a branch name', async () => {
      await seedFleet(ctx.h);
      ctx.h.pushOutside('topic', { 'README.md': '# changed\n' });

      const files = await ctx.h.forge.readFiles('topic', ['README.md']);

      expect(files.get('README.md')).toBe('# changed\n');
    });

    it('reads 120 files whole, in batches', async () => {
      const extra = manyFiles('many', 120);
      const sha = await seedFleet(ctx.h, extra);

      const files = await ctx.h.forge.readFiles(sha, Object.keys(extra));

      expect(Object.fromEntries(files)).toEqual(extra);
    });

    it('keeps non-ASCII text intact', async () => {
      const sha = await seedFleet(ctx.h, { 'notes.md': 'ü ✓ 𝄞 — “quoted”\n' });

      const files = await ctx.h.forge.readFiles(sha, ['notes.md']);

      expect(files.get('notes.md')).toBe('ü ✓ 𝄞 — “quoted”\n');
    });

    it('answers an empty map for no paths', async () => {
      const sha = await seedFleet(ctx.h);

      expect((await ctx.h.forge.readFiles(sha, [])).size).toBe(0);
    });

    it('lists the files below a directory, sorted, not its namesakes', async () => {
      const sha = await seedFleet(ctx.h);

      const files = await ctx.h.forge.listFiles(sha, 'clusters');

      expect(files).toEqual(['clusters/eu-1/istio.yaml', 'clusters/us-1/istio.yaml']);
    });

    it('lists the whole tree for an empty directory name', async () => {
      const sha = await seedFleet(ctx.h);

      const files = await ctx.h.forge.listFiles(sha, '');

      expect(files).toEqual(Object.keys(SEED.files).sort());
    });

    it('lists more than 100 files', async () => {
      const extra = manyFiles('many', 130);
      const sha = await seedFleet(ctx.h, extra);

      const files = await ctx.h.forge.listFiles(sha, 'many');

      expect(files).toEqual(Object.keys(extra).sort());
    });

    it('lists nothing for a missing directory', async () => {
      const sha = await seedFleet(ctx.h);

      expect(await ctx.h.forge.listFiles(sha, 'missing')).toEqual([]);
    });
  });
}
