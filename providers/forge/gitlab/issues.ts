import type { GitLabClient } from './client.ts';
import { withMarker } from './notes.ts';

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

export interface IssueSpec {
  marker: string;
  title: string;
  body: string;
  labels: readonly string[];
  open: boolean;
}

/**
 * The dashboard issue found by marker (open or closed, so a new rollout reopens the old one rather
 * than piling up issues), created or edited to match; `open: false` closes it (`state_event`). Only
 * an issue GUARD's token opened counts: anyone may open one carrying the marker.
 */
export async function ensureIssue(client: GitLabClient, spec: IssueSpec) {
  const body = withMarker(spec.marker, spec.body);
  const labels = spec.labels.join(',');
  const me = await client.botUserId();
  const carries = (issue: Issue) =>
    issue.author?.id === me && (issue.description ?? '').includes(spec.marker);
  const candidates = await client.getAll<Issue>(
    client.project('issues'),
    {
      labels: spec.labels.includes(DASHBOARD_LABEL) ? DASHBOARD_LABEL : undefined,
      state: 'all',
      order_by: 'created_at',
      sort: 'asc',
    },
    (page) => page.some(carries),
  );
  const found = candidates.find(carries);
  if (!found) {
    const created = await client.post<Issue>(client.project('issues'), {
      title: spec.title,
      description: body,
      labels,
    });
    if (!spec.open) await client.put(client.project(`issues/${created.iid}`), { state_event: 'close' });
    return { number: created.iid, url: created.web_url };
  }
  const isOpen = found.state === 'opened';
  const same =
    found.title === spec.title &&
    found.description === body &&
    [...found.labels].sort().join(',') === [...spec.labels].sort().join(',') &&
    isOpen === spec.open;
  if (!same) {
    await client.put(client.project(`issues/${found.iid}`), {
      title: spec.title,
      description: body,
      labels,
      ...(isOpen === spec.open ? {} : { state_event: spec.open ? 'reopen' : 'close' }),
    });
  }
  return { number: found.iid, url: found.web_url };
}
