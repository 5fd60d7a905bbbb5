import { HttpResponse, http } from 'msw';
import { checkRunJson, FAKE_APP_ID, invalid, notFound } from './json.ts';
import type { FakeCheckRun, FakeGitHubState } from './state.ts';

/** GitHub's documented limits, enforced so an adapter that breaks them fails its tests. */
const MAX_ANNOTATIONS = 50;
const MAX_SUMMARY = 65_535;

export { FAKE_APP_ID } from './json.ts';

interface RunBody {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  output?: { title?: string; summary?: string; annotations?: FakeCheckRun['annotations'] };
}

function apply(run: FakeCheckRun, body: RunBody): string | undefined {
  const annotations = body.output?.annotations ?? [];
  if (annotations.length > MAX_ANNOTATIONS)
    return `Only ${MAX_ANNOTATIONS} annotations are allowed per request`;
  if ((body.output?.summary?.length ?? 0) > MAX_SUMMARY)
    return 'output.summary is too long (maximum is 65535 characters)';
  if (body.output && (body.output.title === undefined || body.output.summary === undefined)) {
    return 'output requires title and summary';
  }
  if (body.status) run.status = body.status;
  if (body.status && body.status !== 'completed') run.conclusion = null;
  if (body.conclusion) {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (body.details_url) run.detailsUrl = body.details_url;
  if (body.output?.title !== undefined) run.title = body.output.title;
  if (body.output?.summary !== undefined) run.summary = body.output.summary;
  run.annotations.push(...annotations);
  if (annotations.length) run.batches.push(annotations.length);
  return undefined;
}

/** Check runs: list for a ref, create, update. */
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
      if (!body.name || !body.head_sha || !s.git.commits.has(body.head_sha)) {
        return HttpResponse.json(invalid('Validation Failed: name and an existing head_sha are required'), {
          status: 422,
        });
      }
      const run: FakeCheckRun = {
        ...{ id: s.nextId(), sha: body.head_sha, name: body.name, appId: FAKE_APP_ID },
        ...{ status: 'queued', conclusion: null, title: '', summary: '', annotations: [], batches: [] },
      };
      const error = apply(run, body);
      if (error) return HttpResponse.json(invalid(error), { status: 422 });
      s.checkRuns.push(run);
      return HttpResponse.json(checkRunJson(s, run), { status: 201 });
    }),
    http.patch(`${base}/check-runs/:id`, async ({ request, params }) => {
      const run = s.checkRuns.find((r) => r.id === Number(params.id));
      if (!run) return HttpResponse.json(notFound(), { status: 404 });
      const error = apply(run, (await request.json()) as RunBody);
      if (error) return HttpResponse.json(invalid(error), { status: 422 });
      return HttpResponse.json(checkRunJson(s, run));
    }),
  ];
}
