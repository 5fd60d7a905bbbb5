import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/ports/state-store.ts';
import { type ContractContext, settle } from './context.ts';

/** Reading and writing documents with optimistic concurrency. */
export function describeDocuments(ctx: ContractContext): void {
  describe('documents', () => {
    it('removes a document at its version, after which the key is free again', async () => {
      await ctx.store.put('job/1', { kind: 'sync' }, 0);
      await ctx.store.put('job/1', { kind: 'sync', tries: 1 }, 1);

      await ctx.store.remove('job/1', 2);

      expect(await ctx.store.get('job/1')).toBeUndefined();
      expect(await ctx.store.list('job/')).toEqual([]);
      expect(await ctx.store.put('job/1', 'again', 0)).toBe(1);
    });

    it('treats removing a key that is already gone as done (a retried remove)', async () => {
      await ctx.store.put('job/2', 'x', 0);
      await ctx.store.remove('job/2', 1);

      await ctx.store.remove('job/2', 1);

      expect(await ctx.store.get('job/2')).toBeUndefined();
    });

    it('refuses to remove a document someone wrote since, and keeps it', async () => {
      await ctx.store.put('job/3', 'a', 0);
      await ctx.store.put('job/3', 'b', 1);

      const error = await ctx.store.remove('job/3', 1).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(await ctx.store.get('job/3')).toEqual({ value: 'b', version: 2 });
    });

    it('returns undefined for a key never written', async () => {
      expect(await ctx.store.get('github:acme/fleet:istio#1')).toBeUndefined();
    });

    it('creates version 1 with expected 0 and reads the value back exactly', async () => {
      const value = {
        phase: 'soaking',
        waves: [{ n: 1, clusters: ['eu-1'] }],
        ratio: 0.1,
        ok: true,
        none: null,
        s: 'ü ✓ 𝄞',
        e: '',
      };

      const version = await ctx.store.put('github:acme/fleet:istio#1', value, 0);

      expect(version).toBe(1);
      expect(await ctx.store.get('github:acme/fleet:istio#1')).toEqual({ value, version: 1 });
    });

    it('advances the version by one per write and keeps the last value', async () => {
      await ctx.store.put('k', 'a', 0);
      await ctx.store.put('k', 'b', 1);

      const version = await ctx.store.put('k', 'c', 2);

      expect(version).toBe(3);
      expect(await ctx.store.get('k')).toEqual({ value: 'c', version: 3 });
    });

    it.each([
      ['stale', 1],
      ['ahead', 7],
      ['"must not exist" on an existing key', 0],
    ])('refuses a %s expected version with a ConflictError and changes nothing', async (_, expected) => {
      await ctx.store.put('k', 'first', 0);
      await ctx.store.put('k', 'second', 1);

      const error = await ctx.store.put('k', 'mine', expected).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ key: 'k' });
      expect(await ctx.store.get('k')).toEqual({ value: 'second', version: 2 });
    });

    it('refuses an expected version for a key that does not exist', async () => {
      await expect(ctx.store.put('missing', 'x', 3)).rejects.toBeInstanceOf(ConflictError);

      expect(await ctx.store.get('missing')).toBeUndefined();
    });

    it('lets exactly one of two concurrent writers with the same expected version win', async () => {
      await ctx.store.put('k', { n: 0 }, 0);

      const { fulfilled, rejected } = await settle([
        ctx.store.put('k', { by: 'a' }, 1),
        ctx.store.put('k', { by: 'b' }, 1),
      ]);

      expect(fulfilled).toEqual([2]);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(ConflictError);
      expect((await ctx.store.get('k'))?.version).toBe(2);
    });

    it('lets exactly one of eight concurrent creators win', async () => {
      const writers = Array.from({ length: 8 }, (_, i) => ctx.store.put('new', { by: i }, 0));

      const { fulfilled, rejected } = await settle(writers);

      expect(fulfilled).toEqual([1]);
      expect(rejected.every((e) => e instanceof ConflictError)).toBe(true);
    });

    it('loses no increment when concurrent read-modify-write loops retry on conflict', async () => {
      const increment = async () => {
        for (;;) {
          const current = await ctx.store.get('counter');
          const n = (current?.value as number | undefined) ?? 0;
          try {
            return await ctx.store.put('counter', n + 1, current?.version ?? 0);
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
          }
        }
      };

      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let i = 0; i < 5; i++) await increment();
        }),
      );

      expect(await ctx.store.get('counter')).toEqual({ value: 30, version: 30 });
    });

    it('keeps keys apart that differ only in case, punctuation or accents', async () => {
      const keys = ['a', 'A', 'a/b', 'a%2fb', 'a:b', 'a#b', '../a', 'ü', 'u', 'a b', 'a.b', '.'];

      for (const [i, key] of keys.entries()) await ctx.store.put(key, i, 0);

      for (const [i, key] of keys.entries())
        expect(await ctx.store.get(key)).toEqual({ value: i, version: 1 });
      expect(await ctx.store.list('')).toEqual([...keys].sort());
    });
  });
}
