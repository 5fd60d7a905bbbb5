import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import { authorJson, type FakeIssue, type FakeWorld, groupAccess, isoNow } from './world.ts';

function issueJson(world: FakeWorld, issue: FakeIssue) {
  return {
    id: issue.iid + 5000,
    iid: issue.iid,
    project_id: world.project.id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    labels: [...issue.labels],
    created_at: issue.created_at,
    author: authorJson(world, issue.author),
    web_url: `${world.host}/${world.project.path}/-/issues/${issue.iid}`,
  };
}

const labelsOf = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

/** Users, group membership, commit statuses, pipelines and issues. */
export function peopleRoutes(): Route[] {
  const P = 'projects/:id';
  return [
    route('GET', 'user', ({ world }) =>
      json({ ...authorJson(world, world.botUser), bot: true, state: 'active' }),
    ),
    route('GET', 'users', ({ world, url }) => {
      const username = url.searchParams.get('username');
      return json(
        world.users
          .filter((u) => u.username === username)
          .map((u) => ({ ...u, name: u.username, state: 'active' })),
      );
    }),
    route('GET', 'groups/:group/members/all/:user', ({ world, params }) => {
      if (!world.groups.has(params.group!)) return fail(404, '404 Group Not Found');
      const level = groupAccess(world, params.group!, Number(params.user));
      return level === undefined
        ? fail(404, '404 Member Not Found')
        : json({ id: Number(params.user), access_level: level });
    }),
    route('GET', `${P}/pipelines`, ({ world, url }) => {
      const sha = url.searchParams.get('sha');
      const found = world.pipelines.filter((p) => !sha || p.sha === sha);
      return paginate(
        sorted(found, (p) => p.id, url.searchParams.get('sort') ?? 'desc'),
        url,
      );
    }),
    route('POST', `${P}/statuses/:sha`, ({ world, params, body }) => {
      if (!world.repo.resolve(params.sha!)) return fail(404, '404 Commit Not Found');
      const name = String(body.name ?? 'default');
      const latest = world.statuses.filter((s) => s.sha === params.sha && s.name === name).at(-1);
      if (latest && latest.state === body.state) {
        return fail(400, `Cannot transition status via :${body.state} from :${latest.state}`);
      }
      const status = {
        id: world.nextId(),
        sha: params.sha!,
        name,
        state: String(body.state),
        description: (body.description as string | undefined) ?? null,
        target_url: (body.target_url as string | undefined) ?? null,
        pipeline_id: (body.pipeline_id as number | undefined) ?? null,
        created_at: isoNow(world),
      };
      if (status.description && status.description.length > 255)
        return fail(400, ['description is too long (maximum is 255 characters)']);
      world.statuses.push(status);
      return json({ ...status, ref: null, allow_failure: false, author: { username: world.botUser } }, 201);
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
      const issue: FakeIssue = {
        iid: world.issues.length + 1,
        title: String(body.title),
        description: String(body.description ?? ''),
        labels: labelsOf(body.labels),
        state: 'opened',
        created_at: isoNow(world),
        author: world.botUser,
      };
      world.issues.push(issue);
      return json(issueJson(world, issue), 201);
    }),
    route('PUT', `${P}/issues/:iid`, ({ world, params, body }) => {
      const issue = world.issues.find((i) => i.iid === Number(params.iid));
      if (!issue) return fail(404, '404 Not found');
      if (body.title !== undefined) issue.title = String(body.title);
      if (body.description !== undefined) issue.description = String(body.description);
      if (body.labels !== undefined) issue.labels = labelsOf(body.labels);
      if (body.state_event === 'close') issue.state = 'closed';
      if (body.state_event === 'reopen') issue.state = 'opened';
      return json(issueJson(world, issue));
    }),
  ];
}
