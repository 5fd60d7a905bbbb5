import { HttpResponse, http } from 'msw';
import { checkRunJson, FAKE_APP_ID, notFound, validationFailed } from './json.ts';
import type { FakeCheckRun, FakeGitHubState } from './state.ts';

/** GitHub's documented limits, enforced so an adapter that breaks them fails its tests. */
const MAX_ANNOTATIONS = 50;
const MAX_SUMMARY = 65_535;
const STATUSES: readonly FakeCheckRun['status'][] = ['queued', 'in_progress', 'completed'];
const CONCLUSIONS: readonly NonNullable<FakeCheckRun['conclusion']>[] = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'timed_out',
];
const DOCS = 'https://docs.github.com/rest/checks/runs#create-a-check-run';

export { FAKE_APP_ID } from './json.ts';

interface RunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  output?: { title?: string; summary?: string; annotations?: FakeCheckRun['annotations'] };
}

const invalid = (field: string, message: string) =>
  validationFailed([{ resource: 'CheckRun', field, code: 'invalid', message }], DOCS);

/** The body's changes checked as "Create a check run" / "Update a check run" check them. */
function problem(body: RunBody) {
  const annotations = body.output?.annotations ?? [];
  if (annotations.length > MAX_ANNOTATIONS)
    return invalid('output.annotations', `Only ${MAX_ANNOTATIONS} annotations are allowed per request`);
  if ((body.output?.summary?.length ?? 0) > MAX_SUMMARY)
    return invalid('output.summary', 'output.summary is too long (maximum is 65535 characters)');
  if (body.output && (body.output.title === undefined || body.output.summary === undefined))
    return invalid('output', 'output requires title and summary');
  if (body.status !== undefined && !STATUSES.some((s) => s === body.status))
    return invalid('status', `status is not included in the list (${STATUSES.join(', ')})`);
  if (body.conclusion !== undefined && !CONCLUSIONS.some((c) => c === body.conclusion))
    return invalid('conclusion', `conclusion is not included in the list (${CONCLUSIONS.join(', ')})`);
  if (body.status === 'completed' && body.conclusion === undefined)
    return invalid('conclusion', 'conclusion is required when status is completed');
  return undefined;
}

function apply(s: FakeGitHubState, run: FakeCheckRun, body: RunBody): void {
  const annotations = body.output?.annotations ?? [];
  if (body.status) run.status = body.status as FakeCheckRun['status'];
  if (body.status && body.status !== 'completed') run.conclusion = null;
  if (body.conclusion) {
    run.conclusion = body.conclusion as FakeCheckRun['conclusion'];
    run.status = 'completed';
    run.completedAt = s.iso();
  }
  if (body.details_url) run.detailsUrl = body.details_url;
  if (body.output?.title !== undefined) run.title = body.output.title;
  if (body.output?.summary !== undefined) run.summary = body.output.summary;
  run.annotations.push(...annotations);
  if (annotations.length) run.batches.push(annotations.length);
}

/** Check runs: list for a ref, create, update (docs: "REST API endpoints for check runs"). */
export function checkHandlers(s: FakeGitHubState, base = s.repoApi) {
  return [
    http.get(`${base}/commits/:ref/check-runs`, ({ request, params }) => {
      const url = new URL(request.url);
      const sha = s.git.resolve(decodeURIComponent(String(params.ref)))?.sha;
      const name = url.searchParams.get('check_name');
      const app = url.searchParams.get('app_id');
      const runs = s.checkRuns
        .filter((r) => r.sha === sha && (!name || r.name === name) && (!app || r.appId === Number(app)))
        .reverse();
      return HttpResponse.json({ total_count: runs.length, check_runs: runs.map((r) => checkRunJson(s, r)) });
    }),
    http.post(`${base}/check-runs`, async ({ request }) => {
      const body = (await request.json()) as RunBody;
      if (!body.name || !body.head_sha)
        return HttpResponse.json(invalid('name', 'name and head_sha are required'), { status: 422 });
      if (!s.git.commits.has(body.head_sha))
        return HttpResponse.json(invalid('head_sha', `No commit found for SHA: ${body.head_sha}`), {
          status: 422,
        });
      const refusal = problem(body);
      if (refusal) return HttpResponse.json(refusal, { status: 422 });
      const run: FakeCheckRun = {
        ...{ id: s.nextId(), sha: body.head_sha, name: body.name, appId: FAKE_APP_ID },
        ...{ status: 'queued', conclusion: null, startedAt: s.iso(), completedAt: null },
        ...{ title: '', summary: '', annotations: [], batches: [] },
      };
      apply(s, run, body);
      s.checkRuns.push(run);
      return HttpResponse.json(checkRunJson(s, run), { status: 201 });
    }),
    http.patch(`${base}/check-runs/:id`, async ({ request, params }) => {
      const run = s.checkRuns.find((r) => r.id === Number(params.id));
      if (!run) return HttpResponse.json(notFound(), { status: 404 });
      const body = (await request.json()) as RunBody;
      const refusal = problem(body);
      if (refusal) return HttpResponse.json(refusal, { status: 422 });
      apply(s, run, body);
      return HttpResponse.json(checkRunJson(s, run));
    }),
  ];
}
