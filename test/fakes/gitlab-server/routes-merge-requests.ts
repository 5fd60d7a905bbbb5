import { diffJson } from './objects.ts';
import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import { pipelineJson } from './routes-statuses.ts';
import type { MergeRequest } from './types.ts';
import {
  authorJson,
  type FakeMergeRequest,
  type FakeWorld,
  isoNow,
  mergeInto,
  mrHead,
  projectWebUrl,
} from './world.ts';

/**
 * An MR as docs.gitlab.com/api/merge_requests/#get-single-mr shows it; `single` adds what only the
 * single-MR answers carry (diff_refs, head_pipeline, changes_count), not the listing.
 */
export function mrJson(world: FakeWorld, mr: FakeMergeRequest, single = true): MergeRequest {
  const head = mrHead(world, mr);
  const open = mr.state === 'opened';
  const target = world.repo.branches.get(mr.target_branch);
  const base = mr.merged_refs?.base ?? (target ? world.repo.mergeBase(target, head) : undefined);
  const pipeline = world.pipelines.filter((p) => p.sha === head).at(-1);
  const draft = /^(draft:|\[draft\]|\(draft\))/i.test(mr.title);
  const json: MergeRequest = {
    id: mr.id,
    iid: mr.iid,
    project_id: world.project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.created_at,
    updated_at: mr.updated_at,
    merged_at: mr.merged_at,
    merge_user: mr.state === 'merged' ? authorJson(world, world.botUser) : null,
    closed_at: mr.closed_at,
    closed_by: mr.state === 'closed' ? authorJson(world, world.botUser) : null,
    target_branch: mr.target_branch,
    source_branch: mr.source_branch,
    author: authorJson(world, mr.author),
    assignees: [],
    reviewers: [],
    source_project_id: mr.fork?.projectId ?? world.project.id,
    target_project_id: world.project.id,
    labels: [...mr.labels],
    draft,
    merge_when_pipeline_succeeds: false,
    merge_status: open ? 'can_be_merged' : 'cannot_be_merged_recheck',
    detailed_merge_status: !open ? 'not_open' : draft ? 'draft_status' : 'mergeable',
    sha: head,
    merge_commit_sha: mr.merge_commit_sha,
    squash_commit_sha: null,
    user_notes_count: (world.notes.get(`mr:${mr.iid}`) ?? []).filter((n) => !n.system).length,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    web_url: `${projectWebUrl(world)}/-/merge_requests/${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${world.project.path}!${mr.iid}` },
    squash: false,
    has_conflicts: false,
    blocking_discussions_resolved: true,
  };
  if (!single) return json;
  return {
    ...json,
    diff_refs: { base_sha: base ?? null, head_sha: head, start_sha: target ?? head },
    head_pipeline: pipeline ? pipelineJson(world, pipeline) : null,
    changes_count: String(world.repo.changedPaths(base, head).length),
  };
}

export const labelsOf = (value: unknown) =>
  String(value ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

/** MergeRequest#validate_branches: one open MR per source project, source branch and target branch. */
function create(world: FakeWorld, body: Record<string, unknown>): Response {
  const source = String(body.source_branch);
  const target = String(body.target_branch);
  if (!world.repo.branches.has(source)) return fail(400, ['Source branch does not exist']);
  const open = world.mergeRequests.find(
    (m) => m.source_branch === source && m.target_branch === target && m.state === 'opened' && !m.fork,
  );
  // lib/api/merge_requests.rb#handle_merge_request_errors!: `conflict!(errors[:validate_branches])`.
  if (open)
    return fail(409, [`Another open merge request already exists for this source branch: !${open.iid}`]);
  const mr: FakeMergeRequest = {
    id: world.nextId(),
    iid: world.mergeRequests.length + 1,
    source_branch: source,
    target_branch: target,
    title: String(body.title),
    description: String(body.description ?? ''),
    state: 'opened',
    labels: labelsOf(body.labels),
    author: world.botUser,
    created_at: isoNow(world),
    updated_at: isoNow(world),
    merged_at: null,
    closed_at: null,
    merge_commit_sha: null,
  };
  world.mergeRequests.push(mr);
  return json(mrJson(world, mr), 201);
}

function edit(world: FakeWorld, mr: FakeMergeRequest, body: Record<string, unknown>): Response {
  if (body.title !== undefined) mr.title = String(body.title);
  if (body.description !== undefined) mr.description = String(body.description);
  if (body.labels !== undefined) mr.labels = labelsOf(body.labels);
  if (body.state_event === 'close' && mr.state === 'opened')
    Object.assign(mr, { state: 'closed', closed_at: isoNow(world) });
  if (body.state_event === 'reopen' && mr.state === 'closed')
    Object.assign(mr, { state: 'opened', closed_at: null });
  mr.updated_at = isoNow(world);
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
          (!q.get('target_branch') || m.target_branch === q.get('target_branch')) &&
          (state === 'all' || m.state === state),
      );
      return paginate(
        sorted(found, (m) => m.id, q.get('sort') ?? 'desc').map((m) => mrJson(world, m, false)),
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
      // lib/api/merge_requests.rb#check_sha_param!
      const head = mrHead(world, mr);
      if (body.sha && body.sha !== head)
        return fail(409, `SHA does not match HEAD of source branch: ${head}`);
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
