import { describe, expect, it } from 'vitest';
import { type ContractContext, record, TTL } from './context.ts';

/** Listing document keys by prefix. */
export function describeList(ctx: ContractContext): void {
  describe('list', () => {
    it('returns the keys that start with the prefix, sorted', async () => {
      const keys = [
        'github:acme/fleet:istio#2',
        'gitlab:acme/fleet:istio#1',
        'github:acme/fleet2:istio#1',
        'github:acme/fleet:cert-manager#1',
        'github:acme/fleet:istio#10',
      ];
      for (const key of keys) await ctx.store.put(key, {}, 0);

      const listed = await ctx.store.list('github:acme/fleet:');

      expect(listed).toEqual([
        'github:acme/fleet:cert-manager#1',
        'github:acme/fleet:istio#10',
        'github:acme/fleet:istio#2',
      ]);
    });

    it('lists every key for an empty prefix and none for an unknown one', async () => {
      await ctx.store.put('b', 1, 0);
      await ctx.store.put('a', 1, 0);

      expect(await ctx.store.list('')).toEqual(['a', 'b']);
      expect(await ctx.store.list('c')).toEqual([]);
    });

    it('lists only state documents, not leases, deliveries or audit trails', async () => {
      await ctx.store.put('x', 1, 0);
      await ctx.store.acquireLease('y', 'me', TTL);
      await ctx.store.markDelivery('z', TTL);
      await ctx.store.appendAudit('w', record('noted'));

      expect(await ctx.store.list('')).toEqual(['x']);
    });

    it('lists every key when the documents together pass one megabyte (a paginated query)', async () => {
      const big = 'x'.repeat(48 * 1024);
      const keys = Array.from({ length: 24 }, (_, i) => `big#${String(i).padStart(2, '0')}`);
      await Promise.all(keys.map((key) => ctx.store.put(key, { big }, 0)));

      expect(await ctx.store.list('big#')).toEqual(keys);
    });

    it('lists hundreds of keys', async () => {
      const keys = Array.from({ length: 300 }, (_, i) => `many:${i}`);
      await Promise.all(keys.map((key, i) => ctx.store.put(key, i, 0)));

      expect(await ctx.store.list('many:')).toEqual([...keys].sort());
    });
  });
}
