import { describe, expect, it } from 'vitest';
import { type ForgeContractContext, SEED } from './context.ts';

/** permission and teamsOf, looked up live. */
export function describePeople(ctx: ForgeContractContext): void {
  describe('people', () => {
    it.each([
      ['alice', 'write'],
      ['bob', 'admin'],
      ['dora', 'read'],
    ] as const)("answers %s's permission as %s", async (login, expected) => {
      ctx.h.seed(SEED);

      expect(await ctx.h.forge.permission(login)).toBe(expected);
    });

    it('answers none for someone who is not a member', async () => {
      ctx.h.seed(SEED);

      expect(await ctx.h.forge.permission('mallory')).toBe('none');
    });

    it("lists a person's teams", async () => {
      ctx.h.seed(SEED);

      const teams = await ctx.h.forge.teamsOf('alice');

      expect([...teams].sort()).toEqual(['acme/platform', 'acme/sre']);
    });

    it('lists no teams for someone in none', async () => {
      ctx.h.seed(SEED);

      expect(await ctx.h.forge.teamsOf('dora')).toEqual([]);
    });
  });
}
