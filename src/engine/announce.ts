import { requestAnalysis } from '../analysis/request-analysis.ts';
import type { Announcement } from '../ports/announcer.ts';
import type { ExecContext } from './execute-context.ts';

/**
 * The outbox's `announce` action: store the announcement for the notifier and return at once, so
 * the rollout's next action never waits for Slack or a webhook. Sinks that draw deployment markers
 * get the fleet's metrics settings with it (looked up only for them). Returns no audit line: the
 * trail and the dashboard keep to what GUARD did, and the notifier logs every delivery. A rollback
 * MR showing up also stores the wave's failure analysis request, when analysis is on.
 */
export async function announce(ctx: ExecContext, announcement: Announcement, seq: number): Promise<string> {
  await requestAnalysis(ctx, announcement);
  const notifier = ctx.deps.notifier;
  if (!notifier) return '';
  const { sinks, usesMetrics } = notifier.audience(announcement.event);
  if (sinks.length === 0) return '';
  const metrics = usesMetrics ? (await ctx.request())?.fleet.metrics : undefined;
  const full = metrics
    ? { ...announcement, metrics: { provider: metrics.provider, clusterTag: metrics.clusterTag } }
    : announcement;
  await notifier.accept(full, seq);
  return '';
}
