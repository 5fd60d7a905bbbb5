import { describe, expect, it } from 'vitest';
import { type ContractContext, record } from './context.ts';

/** The append-only audit trail. */
export function describeAudit(ctx: ContractContext): void {
  describe('audit', () => {
    it('returns an empty trail for a key never written', async () => {
      expect(await ctx.store.readAudit('github:acme/fleet:istio#1')).toEqual([]);
    });

    it('reads many records back in the order they were appended, whatever their times say', async () => {
      const records = Array.from({ length: 250 }, (_, i) => record(`step.${i}`));

      for (const r of records) await ctx.store.appendAudit('k', r);

      expect((await ctx.store.readAudit('k')).map((r) => r.action)).toEqual(records.map((r) => r.action));
    });

    it('keeps every field, with or without details', async () => {
      const detailed = record('wave.opened', {
        mr: 12,
        versions: { from: '1.20.1', to: '1.21.0' },
        note: 'ü',
      });

      await ctx.store.appendAudit('k', detailed);
      await ctx.store.appendAudit('k', record('wave.merged'));

      expect(await ctx.store.readAudit('k')).toEqual([detailed, record('wave.merged')]);
    });

    it('keeps trails of different keys apart, even when one key prefixes another', async () => {
      await ctx.store.appendAudit('rollout#1', record('one'));
      await ctx.store.appendAudit('rollout#10', record('ten'));

      expect(await ctx.store.readAudit('rollout#1')).toEqual([record('one')]);
    });

    it('keeps every record of concurrent appends', async () => {
      const actions = Array.from({ length: 20 }, (_, i) => `parallel.${i}`);

      await Promise.all(actions.map((a) => ctx.store.appendAudit('k', record(a))));

      expect((await ctx.store.readAudit('k')).map((r) => r.action).sort()).toEqual([...actions].sort());
    });

    it('reads a trail back in order when it passes one megabyte (a paginated query)', async () => {
      const evidence = 'e'.repeat(45 * 1024);
      const records = Array.from({ length: 26 }, (_, i) => record(`soak.${i}`, { evidence }));

      for (const r of records) await ctx.store.appendAudit('k', r);

      expect((await ctx.store.readAudit('k')).map((r) => r.action)).toEqual(records.map((r) => r.action));
    });
  });
}
