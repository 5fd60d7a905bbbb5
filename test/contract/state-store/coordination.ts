import { describe, expect, it } from 'vitest';
import { type ContractContext, START, TTL } from './context.ts';

/** Leases and webhook delivery records: the store's coordination between replicas. */
export function describeCoordination(ctx: ContractContext): void {
  describe('leases', () => {
    it('grants a free lease until ttl from now', async () => {
      expect(await ctx.store.acquireLease('rollout-1', 'replica-a', TTL)).toEqual({
        name: 'rollout-1',
        owner: 'replica-a',
        expiresAt: START + TTL,
      });
    });

    it('refuses a live lease held by another owner', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(TTL - 1);

      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();
    });

    it('lets the owner renew, pushing the expiry out', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(TTL / 2);

      const renewed = await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(TTL);

      expect(renewed?.expiresAt).toBe(START + TTL / 2 + TTL);
      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();
    });

    it('holds until its expiry instant and frees one millisecond later for another owner', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(TTL);
      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();

      ctx.advance(1);
      const taken = await ctx.store.acquireLease('rollout-1', 'replica-b', TTL);

      expect(taken).toEqual({ name: 'rollout-1', owner: 'replica-b', expiresAt: START + 2 * TTL + 1 });
      expect(await ctx.store.acquireLease('rollout-1', 'replica-a', TTL)).toBeUndefined();
    });

    it('ignores a release by anyone but the owner', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);

      await ctx.store.releaseLease('rollout-1', 'replica-b');

      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();
    });

    it('frees the lease at once when the owner releases it', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);

      await ctx.store.releaseLease('rollout-1', 'replica-a');

      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toMatchObject({
        owner: 'replica-b',
      });
    });

    it('does not let a former owner release the lease its successor took', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(TTL + 1);
      await ctx.store.acquireLease('rollout-1', 'replica-b', TTL);

      await ctx.store.releaseLease('rollout-1', 'replica-a');

      expect(await ctx.store.acquireLease('rollout-1', 'replica-c', TTL)).toBeUndefined();
    });

    it('treats releasing an unknown lease as a no-op', async () => {
      await expect(ctx.store.releaseLease('nobody', 'replica-a')).resolves.toBeUndefined();
    });

    it('gives a free lease to exactly one of many owners racing for it', async () => {
      const racers = Array.from({ length: 8 }, (_, i) =>
        ctx.store.acquireLease('rollout-1', `replica-${i}`, TTL),
      );

      const granted = (await Promise.all(racers)).filter((lease) => lease !== undefined);

      expect(granted).toHaveLength(1);
    });

    it('gives a restarted owner (same name, a new process) its own live lease back at once', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);
      ctx.advance(1_000);
      const restarted = await ctx.reopen();

      const taken = await restarted.acquireLease('rollout-1', 'replica-a', TTL);

      expect(taken).toEqual({ name: 'rollout-1', owner: 'replica-a', expiresAt: START + 1_000 + TTL });
      expect(await restarted.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();
    });

    it('keeps a lease renewed every third of its ttl (a heartbeat) for as long as the renewals go on', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);

      for (let beat = 0; beat < 9; beat++) {
        ctx.advance(TTL / 3);
        expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toBeUndefined();
        expect(await ctx.store.acquireLease('rollout-1', 'replica-a', TTL)).toBeDefined();
      }
      ctx.advance(TTL + 1);

      expect(await ctx.store.acquireLease('rollout-1', 'replica-b', TTL)).toMatchObject({
        owner: 'replica-b',
      });
    });

    it('keeps leases of different names independent', async () => {
      await ctx.store.acquireLease('rollout-1', 'replica-a', TTL);

      expect(await ctx.store.acquireLease('rollout-2', 'replica-b', TTL)).toMatchObject({
        owner: 'replica-b',
      });
    });
  });

  describe('deliveries', () => {
    it('is true the first time, false for a redelivery within ttl, and true again after it', async () => {
      expect(await ctx.store.markDelivery('d-1', TTL)).toBe(true);
      ctx.advance(TTL);
      expect(await ctx.store.markDelivery('d-1', TTL)).toBe(false);

      ctx.advance(1);

      expect(await ctx.store.markDelivery('d-1', TTL)).toBe(true);
      expect(await ctx.store.markDelivery('d-1', TTL)).toBe(false);
    });

    it('keeps delivery ids independent', async () => {
      await ctx.store.markDelivery('d-1', TTL);

      expect(await ctx.store.markDelivery('d-2', TTL)).toBe(true);
    });

    it('says true to exactly one of several concurrent deliveries of one id', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => ctx.store.markDelivery('d-1', TTL)));

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
