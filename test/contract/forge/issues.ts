import { describe, expect, it } from 'vitest';
import { type ForgeContractContext, seedFleet } from './context.ts';

const MARKER = '<!-- guard:dashboard -->';
const LABELS = ['guard', 'guard/dashboard'];

/** ensureIssue: the rollout dashboard, found by marker, updated, closed and reopened. */
export function describeIssues(ctx: ForgeContractContext): void {
  const dashboard = (body: string, open = true) =>
    ctx.h.forge.ensureIssue({ marker: MARKER, title: 'GUARD rollouts', body, labels: LABELS, open });

  describe('ensureIssue', () => {
    it('opens the dashboard with its marker, body and labels', async () => {
      await seedFleet(ctx.h);

      const issue = await dashboard('istio 1.23.0: wave 1/3');

      expect(issue.url).toMatch(/^https?:\/\//);
      const issues = ctx.h.view.issues();
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ number: issue.number, title: 'GUARD rollouts', open: true });
      expect(issues[0]?.body).toContain(MARKER);
      expect(issues[0]?.body).toContain('istio 1.23.0: wave 1/3');
      expect([...(issues[0]?.labels ?? [])].sort()).toEqual(LABELS);
    });

    it('updates the same issue rather than opening another', async () => {
      await seedFleet(ctx.h);
      const first = await dashboard('wave 1/3');

      const second = await dashboard('wave 2/3');

      expect(second.number).toBe(first.number);
      expect(ctx.h.view.issues()).toHaveLength(1);
      expect(ctx.h.view.issues()[0]?.body).toContain('wave 2/3');
    });

    it('closes it with open: false and reopens the same issue later', async () => {
      await seedFleet(ctx.h);
      const first = await dashboard('wave 3/3');

      await dashboard('done', false);
      const closed = ctx.h.view.issues()[0];
      const reopened = await dashboard('istio 1.24.0: wave 1/3');

      expect(closed?.open).toBe(false);
      expect(reopened.number).toBe(first.number);
      expect(ctx.h.view.issues()).toEqual([expect.objectContaining({ number: first.number, open: true })]);
    });
  });
}
