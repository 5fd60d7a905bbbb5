import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import type { CommitStatus, Pipeline } from './types.ts';
import {
  authorJson,
  type FakePipeline,
  type FakeStatus,
  type FakeWorld,
  isoNow,
  projectWebUrl,
} from './world.ts';

export function pipelineJson(world: FakeWorld, p: FakePipeline): Pipeline {
  return {
    id: p.id,
    iid: p.iid,
    project_id: world.project.id,
    sha: p.sha,
    ref: p.ref,
    status: p.status,
    source: p.source,
    created_at: p.created_at,
    updated_at: p.updated_at,
    web_url: `${projectWebUrl(world)}/-/pipelines/${p.id}`,
  };
}

function statusJson(world: FakeWorld, s: FakeStatus): CommitStatus {
  return {
    id: s.id,
    sha: s.sha,
    ref: s.ref,
    status: s.status,
    name: s.name,
    target_url: s.target_url,
    description: s.description,
    created_at: s.created_at,
    started_at: s.started_at,
    finished_at: s.finished_at,
    allow_failure: false,
    coverage: null,
    pipeline_id: s.pipeline_id,
    author: authorJson(world, world.botUser),
  };
}

type State = FakeStatus['status'] | 'created';

/**
 * The CommitStatus state machine (app/models/commit_status.rb) as Ci::CreateCommitStatusService
 * #apply_job_state! drives it: the event each requested state fires, and the states it leaves from.
 * `running` first tries a soft `enqueue`, so a new status can go straight to running.
 */
const EVENTS: Record<FakeStatus['status'], { event: string; from: readonly State[] }> = {
  pending: { event: 'enqueue', from: ['created'] },
  running: { event: 'run', from: ['created', 'pending'] },
  success: { event: 'success', from: ['created', 'pending', 'running'] },
  failed: { event: 'drop', from: ['created', 'pending', 'running'] },
  canceled: { event: 'cancel', from: ['created', 'pending', 'running'] },
  skipped: { event: 'skip', from: ['created', 'pending'] },
};

/** Ci::CreateCommitStatusService#ref: given, the pipeline's, or the first branch holding the sha. */
function pickPipeline(world: FakeWorld, sha: string, body: Record<string, unknown>) {
  const ref = body.ref as string | undefined;
  const candidates = world.pipelines
    .filter((p) => p.sha === sha && (!ref || p.ref === ref))
    .filter((p) => body.pipeline_id === undefined || p.id === Number(body.pipeline_id))
    .sort((a, b) => b.id - a.id);
  if (body.pipeline_id !== undefined && !candidates[0])
    return '404 Pipeline for pipeline_id, sha and ref Not Found';
  if (candidates[0]) return candidates[0];
  const branch = ref ?? world.repo.branchesContaining(sha)[0];
  if (!branch) return '404 References for commit Not Found';
  const pipeline: FakePipeline = {
    id: world.nextId(),
    iid: world.pipelines.length + 1,
    sha,
    ref: branch,
    status: 'pending',
    source: 'external',
    created_at: isoNow(world),
    updated_at: isoNow(world),
  };
  world.pipelines.push(pipeline);
  return pipeline;
}

/** POST /projects/:id/statuses/:sha, as Ci::CreateCommitStatusService answers it. */
function setStatus(world: FakeWorld, shaParam: string, body: Record<string, unknown>): Response {
  const commit = world.repo.resolve(shaParam);
  if (!commit) return fail(404, '404 Commit Not Found');
  const wanted = body.state as FakeStatus['status'];
  if (!(wanted in EVENTS)) return json({ error: 'state does not have a valid value' }, 400);
  for (const field of ['description', 'target_url'] as const) {
    const value = body[field];
    if (typeof value === 'string' && value.length > 255)
      return fail(400, { [field]: ['is too long (maximum is 255 characters)'] });
  }
  const pipeline = pickPipeline(world, commit.sha, body);
  if (typeof pipeline === 'string') return fail(404, pipeline);
  const name = String(body.name ?? body.context ?? 'default');
  // `GenericCommitStatus.running_or_pending.find_or_initialize_by(pipeline:, name:, ref:, …)`.
  const open = world.statuses.findLast(
    (s) =>
      s.pipeline_id === pipeline.id &&
      s.name === name &&
      s.ref === pipeline.ref &&
      (s.status === 'pending' || s.status === 'running'),
  );
  const from: State = open?.status ?? 'created';
  const { event, from: allowed } = EVENTS[wanted];
  if (!allowed.includes(from)) {
    return fail(
      400,
      `Cannot transition status via :${event} from :${from} (Reason(s): Status cannot transition via "${event}")`,
    );
  }
  const status: FakeStatus = open ?? {
    id: world.nextId(),
    sha: commit.sha,
    name,
    ref: pipeline.ref,
    status: wanted,
    description: null,
    target_url: null,
    pipeline_id: pipeline.id,
    created_at: isoNow(world),
    started_at: null,
    finished_at: null,
  };
  if (body.description !== undefined) status.description = String(body.description);
  if (body.target_url !== undefined) status.target_url = String(body.target_url);
  status.status = wanted;
  if (wanted === 'running') status.started_at = isoNow(world);
  if (!['pending', 'running'].includes(wanted)) status.finished_at = isoNow(world);
  if (!open) world.statuses.push(status);
  if (pipeline.source === 'external') Object.assign(pipeline, { status: wanted, updated_at: isoNow(world) });
  return json(statusJson(world, status), 201);
}

/** Pipelines and commit statuses. */
export function statusRoutes(): Route[] {
  const P = 'projects/:id';
  return [
    route('GET', `${P}/pipelines`, ({ world, url }) => {
      const q = url.searchParams;
      const found = world.pipelines.filter(
        (p) => (!q.get('sha') || p.sha === q.get('sha')) && (!q.get('ref') || p.ref === q.get('ref')),
      );
      return paginate(
        sorted(found, (p) => p.id, q.get('sort') ?? 'desc').map((p) => pipelineJson(world, p)),
        url,
      );
    }),
    route('POST', `${P}/statuses/:sha`, ({ world, params, body }) => setStatus(world, params.sha!, body)),
    route('GET', `${P}/repository/commits/:sha/statuses`, ({ world, params, url }) => {
      const commit = world.repo.resolve(params.sha!);
      if (!commit) return fail(404, '404 Commit Not Found');
      const found = world.statuses.filter((s) => s.sha === commit.sha);
      return paginate(
        found.map((s) => statusJson(world, s)),
        url,
      );
    }),
  ];
}
