import { type IssueSpec, withMarker } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { collect, page } from './resources.ts';

/** The label every GUARD dashboard carries; issues are searched among those that have it. */
const DASHBOARD_LABEL = 'guard/dashboard';

interface Issue {
  iid: number;
  web_url: string;
  title: string;
  description: string | null;
  labels: string[];
  state: 'opened' | 'closed';
  author?: { id: number } | null;
}

/**
 * The dashboard issue found by marker (open or closed, so a new rollout reopens the old one rather
 * than piling up issues), created or edited to match; `open: false` closes it (`state_event`). Only
 * an issue GUARD's token opened counts: anyone may open one carrying the marker.
 */
export async function ensureIssue(ctx: GitLabContext, spec: IssueSpec) {
  const body = withMarker(spec.marker, spec.body);
  const labels = spec.labels.join(',');
  const me = await ctx.botUserId();
  const carries = (issue: Issue) =>
    issue.author?.id === me && (issue.description ?? '').includes(spec.marker);
  const candidates = await collect<Issue>(
    (n) =>
      ctx.gl.Issues.all({
        projectId: ctx.project,
        labels: spec.labels.includes(DASHBOARD_LABEL) ? DASHBOARD_LABEL : undefined,
        state: 'all' as never,
        orderBy: 'created_at',
        sort: 'asc',
        ...page(n),
      }),
    (items) => items.some(carries),
  );
  const found = candidates.find(carries);
  if (!found) {
    const created = (await ctx.gl.Issues.create(ctx.project, spec.title, {
      description: body,
      labels,
    })) as Issue;
    if (!spec.open) await ctx.gl.Issues.edit(ctx.project, created.iid, { stateEvent: 'close' });
    return { number: created.iid, url: created.web_url };
  }
  const isOpen = found.state === 'opened';
  const same =
    found.title === spec.title &&
    found.description === body &&
    [...found.labels].sort().join(',') === [...spec.labels].sort().join(',') &&
    isOpen === spec.open;
  if (!same) {
    await ctx.gl.Issues.edit(ctx.project, found.iid, {
      title: spec.title,
      description: body,
      labels,
      ...(isOpen === spec.open ? {} : { stateEvent: spec.open ? 'reopen' : 'close' }),
    });
  }
  return { number: found.iid, url: found.web_url };
}
