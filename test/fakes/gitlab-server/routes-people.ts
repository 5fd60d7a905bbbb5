import { memberJson } from './objects.ts';
import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import { labelsOf } from './routes-merge-requests.ts';
import type { CurrentUser, Issue, UserListed } from './types.ts';
import { authorJson, type FakeIssue, type FakeWorld, groupAccess, isoNow, projectWebUrl } from './world.ts';

function issueJson(world: FakeWorld, issue: FakeIssue): Issue {
  return {
    id: issue.iid + 5000,
    iid: issue.iid,
    project_id: world.project.id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    labels: [...issue.labels],
    author: authorJson(world, issue.author),
    assignees: [],
    type: 'ISSUE',
    user_notes_count: (world.notes.get(`issue:${issue.iid}`) ?? []).length,
    web_url: `${projectWebUrl(world)}/-/issues/${issue.iid}`,
    references: {
      short: `#${issue.iid}`,
      relative: `#${issue.iid}`,
      full: `${world.project.path}#${issue.iid}`,
    },
  };
}

function editIssue(world: FakeWorld, issue: FakeIssue, body: Record<string, unknown>) {
  if (body.title !== undefined) issue.title = String(body.title);
  if (body.description !== undefined) issue.description = String(body.description);
  if (body.labels !== undefined) issue.labels = labelsOf(body.labels);
  if (body.state_event === 'close') Object.assign(issue, { state: 'closed', closed_at: isoNow(world) });
  if (body.state_event === 'reopen') Object.assign(issue, { state: 'opened', closed_at: null });
  issue.updated_at = isoNow(world);
}

/** Users, group membership and issues. */
export function peopleRoutes(): Route[] {
  const P = 'projects/:id';
  return [
    route('GET', 'user', ({ world }) => {
      const me: CurrentUser = { ...authorJson(world, world.botUser), bot: true, created_at: isoNow(world) };
      return json(me);
    }),
    route('GET', 'users', ({ world, url }) => {
      const username = url.searchParams.get('username');
      const found = world.users
        .filter((u) => u.username === username)
        .map((u): UserListed => authorJson(world, u.username));
      return paginate(found, url);
    }),
    route('GET', 'groups/:group/members/all/:user', ({ world, params }) => {
      if (!world.groups.has(params.group!)) return fail(404, '404 Group Not Found');
      const level = groupAccess(world, params.group!, Number(params.user));
      const member = level === undefined ? undefined : memberJson(world, Number(params.user), level);
      return member ? json(member) : fail(404, '404 Member Not Found');
    }),
    route('GET', `${P}/issues`, ({ world, url }) => {
      const q = url.searchParams;
      const wanted = labelsOf(q.get('labels'));
      const state = q.get('state') ?? 'all';
      const found = world.issues.filter(
        (i) => wanted.every((l) => i.labels.includes(l)) && (state === 'all' || i.state === state),
      );
      return paginate(
        sorted(found, (i) => i.iid, q.get('sort') ?? 'desc').map((i) => issueJson(world, i)),
        url,
      );
    }),
    route('POST', `${P}/issues`, ({ world, body }) => {
      if (typeof body.title !== 'string' || !body.title) return json({ error: 'title is missing' }, 400);
      const issue: FakeIssue = {
        iid: world.issues.length + 1,
        title: body.title,
        description: String(body.description ?? ''),
        labels: labelsOf(body.labels),
        state: 'opened',
        created_at: isoNow(world),
        updated_at: isoNow(world),
        closed_at: null,
        author: world.botUser,
      };
      world.issues.push(issue);
      return json(issueJson(world, issue), 201);
    }),
    route('PUT', `${P}/issues/:iid`, ({ world, params, body }) => {
      const issue = world.issues.find((i) => i.iid === Number(params.iid));
      if (!issue) return fail(404, '404 Issue Not Found');
      editIssue(world, issue, body);
      return json(issueJson(world, issue));
    }),
  ];
}
