import type { CheckSpec } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';

/** GitHub's limits on a check run's output. */
export const ANNOTATIONS_PER_REQUEST = 50;
export const SUMMARY_LIMIT = 65_535;
const TRUNCATED_NOTE =
  '\n\n… (truncated: GitHub keeps 65,535 characters; the full report is in the sticky comment)';

/** The summary as GitHub accepts it: cut with a note saying so when too long. */
export function fitSummary(summary: string): string {
  if (summary.length <= SUMMARY_LIMIT) return summary;
  return summary.slice(0, SUMMARY_LIMIT - TRUNCATED_NOTE.length) + TRUNCATED_NOTE;
}

function runFields(spec: CheckSpec) {
  const done = spec.state !== 'pending';
  return {
    status: done ? 'completed' : 'in_progress',
    ...(done && { conclusion: spec.state }),
    ...(spec.detailsUrl && { details_url: spec.detailsUrl }),
  };
}

function output(spec: CheckSpec, chunk: number) {
  const annotations = (spec.annotations ?? [])
    .slice(chunk * ANNOTATIONS_PER_REQUEST, (chunk + 1) * ANNOTATIONS_PER_REQUEST)
    .map((a) => ({
      path: a.path,
      start_line: a.line,
      end_line: a.line,
      annotation_level: a.level,
      message: a.message,
    }));
  return { title: spec.title, summary: fitSummary(spec.summary), ...(annotations.length && { annotations }) };
}

/** The id of the run named `name` on `sha` (a commit this adapter made itself has none yet). */
async function findRun(client: GitHubClient, spec: CheckSpec): Promise<number | undefined> {
  const key = `${spec.sha}\n${spec.name}`;
  if (client.memo.checkRuns.has(key)) return client.memo.checkRuns.get(key);
  if (client.memo.createdCommits.has(spec.sha)) return undefined;
  const { data } = await client.rest<{ check_runs: { id: number }[] }>(
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
    { ref: spec.sha, check_name: spec.name, filter: 'latest', ...(client.appId && { app_id: client.appId }) },
  );
  return data.check_runs[0]?.id;
}

/** Creates or updates the check run; annotations beyond the first 50 follow in extra updates. */
export async function setCheck(client: GitHubClient, spec: CheckSpec): Promise<void> {
  let id = await findRun(client, spec);
  if (id === undefined) {
    const { data } = await client.rest<{ id: number }>('POST /repos/{owner}/{repo}/check-runs', {
      name: spec.name,
      head_sha: spec.sha,
      ...runFields(spec),
      output: output(spec, 0),
    });
    id = data.id;
    client.memo.checkRuns.set(`${spec.sha}\n${spec.name}`, id);
  } else {
    await client.rest('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      check_run_id: id,
      ...runFields(spec),
      output: output(spec, 0),
    });
  }
  const chunks = Math.ceil((spec.annotations?.length ?? 0) / ANNOTATIONS_PER_REQUEST);
  for (let chunk = 1; chunk < chunks; chunk++) {
    await client.rest('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      check_run_id: id,
      output: output(spec, chunk),
    });
  }
}
