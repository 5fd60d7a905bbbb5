import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import { diffJson } from './routes-repository.ts';
import { authorJson, type FakeMergeRequest, type FakeWorld, isoNow, mergeInto, mrHead } from './world.ts';

export function mrJson(world: FakeWorld, mr: FakeMergeRequest) {
  const head = mrHead(world, mr);
  const pipeline = world.pipelines.filter((p) => p.sha === head).at(-1);
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: world.project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.created_at,
    merged_at: mr.merged_at,
    target_branch: mr.target_branch,
    source_branch: mr.source_branch,
    source_project_id: mr.fork?.projectId ?? world.project.id,
    target_project_id: world.project.id,
    author: authorJson(world, mr.author),
    labels: [...mr.labels],
    sha: head,
    merge_commit_sha: mr.merge_commit_sha,
    squash_commit_sha: null,
    web_url: `${world.host}/${world.project.path}/-/merge_requests/${mr.iid}`,
    head_pipeline: pipeline ? { id: pipeline.id, sha: pipeline.sha, status: pipeline.status } : null,
  };
}

const labelsOf = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

function create(world: FakeWorld, body: Record<string, unknown>): Response {
  const source = String(body.source_branch);
  if (!world.repo.branches.has(source)) return fail(400, ['Source branch does not exist']);
  // One open MR per source branch of a source project: a fork's same-named branch is another branch.
  const open = world.mergeRequests.find((m) => m.source_branch === source && m.state === 'opened' && !m.fork);
  if (open)
    return fail(409, [`Another open merge request already exists for this source branch: !${open.iid}`]);
  const mr: FakeMergeRequest = {
    id: world.nextId(),
    iid: world.mergeRequests.length + 1,
    source_branch: source,
    target_branch: String(body.target_branch),
    title: String(body.title),
    description: String(body.description ?? ''),
    state: 'opened',
    labels: labelsOf(body.labels),
    author: world.botUser,
    created_at: isoNow(world),
    merged_at: null,
    merge_commit_sha: null,
  };
  world.mergeRequests.push(mr);
  return json(mrJson(world, mr), 201);
}

function edit(world: FakeWorld, mr: FakeMergeRequest, body: Record<string, unknown>): Response {
  if (body.title !== undefined) mr.title = String(body.title);
  if (body.description !== undefined) mr.description = String(body.description);
  if (body.labels !== undefined) mr.labels = labelsOf(body.labels);
  if (body.state_event === 'close' && mr.state === 'opened') mr.state = 'closed';
  if (body.state_event === 'reopen' && mr.state === 'closed') mr.state = 'opened';
  return json(mrJson(world, mr));
}

export function mergeRequestRoutes(): Route[] {
  const P = 'projects/:id/merge_requests';
  const byIid = (world: FakeWorld, iid: string | undefined) =>
    world.mergeRequests.find((m) => m.iid === Number(iid));
  return [
    route('GET', P, ({ world, url }) => {
      const q = url.searchParams;
      const state = q.get('state') ?? 'all';
      const found = world.mergeRequests.filter(
        (m) =>
          (!q.get('source_branch') || m.source_branch === q.get('source_branch')) &&
          (state === 'all' || m.state === state),
      );
      return paginate(
        sorted(found, (m) => m.id, q.get('sort') ?? 'desc').map((m) => mrJson(world, m)),
        url,
      );
    }),
    route('POST', P, ({ world, body }) => create(world, body)),
    route('GET', `${P}/:iid`, ({ world, params }) => {
      const mr = byIid(world, params.iid);
      return mr ? json(mrJson(world, mr)) : fail(404, '404 Not found');
    }),
    route('PUT', `${P}/:iid`, ({ world, params, body }) => {
      const mr = byIid(world, params.iid);
      return mr ? edit(world, mr, body) : fail(404, '404 Not found');
    }),
    route('PUT', `${P}/:iid/merge`, ({ world, params, body }) => {
      const mr = byIid(world, params.iid);
      if (!mr) return fail(404, '404 Not found');
      if (mr.state !== 'opened') return fail(405, '405 Method Not Allowed');
      if (body.sha && body.sha !== mrHead(world, mr))
        return fail(409, 'SHA does not match HEAD of source branch');
      mergeInto(world, mr);
      return json(mrJson(world, mr));
    }),
    route('GET', `${P}/:iid/diffs`, ({ world, params, url }) => {
      const mr = byIid(world, params.iid);
      if (!mr) return fail(404, '404 Not found');
      const head = mrHead(world, mr);
      const base =
        mr.merged_refs?.base ?? world.repo.mergeBase(world.repo.branches.get(mr.target_branch) ?? '', head);
      const diffs = world.repo.changedPaths(base, head).map((path) => diffJson(world, base, head, path));
      return paginate(diffs, url);
    }),
  ];
}
