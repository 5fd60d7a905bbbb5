import type { CheckSpec } from '../../../src/ports/forge.ts';
import type { GitLabClient } from './client.ts';
import { GitLabApiError } from './create-gitlab-api.ts';

/** GitLab's limit on a commit status description. */
export const DESCRIPTION_LIMIT = 255;

const STATE: Record<CheckSpec['state'], string> = {
  pending: 'pending',
  success: 'success',
  failure: 'failed',
  // GitLab has no neutral: success blocks nothing (as neutral does on GitHub) and every version
  // accepts it, where `skipped` is newer; the description says it was neutral.
  neutral: 'success',
};

/** One line, with "neutral" said aloud, cut to GitLab's 255 characters. */
export function statusDescription(spec: Pick<CheckSpec, 'state' | 'title'>): string {
  const line = (spec.state === 'neutral' ? `Neutral: ${spec.title}` : spec.title).replace(/\s+/g, ' ').trim();
  return line.length <= DESCRIPTION_LIMIT ? line : `${line.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

/**
 * A commit status named `name` on `sha`. It is attached to the newest pipeline of that sha (the
 * MR's head pipeline where there is one) so it shows on the MR and counts for "Pipelines must
 * succeed"; without a pipeline GitLab makes an external one. GitLab statuses have no summary and no
 * annotations: those go nowhere here, since the engine posts the same content as sticky comments.
 * Concurrent updates of one status answer 409 and are retried.
 */
export async function setCheck(client: GitLabClient, spec: CheckSpec): Promise<void> {
  const [pipeline] = await client.get<{ id: number }[]>(client.project('pipelines'), {
    sha: spec.sha,
    order_by: 'id',
    sort: 'desc',
    per_page: 1,
  });
  try {
    await client.post(
      client.project(`statuses/${spec.sha}`),
      {
        name: spec.name,
        state: STATE[spec.state],
        description: statusDescription(spec),
        target_url: spec.detailsUrl,
        pipeline_id: pipeline?.id,
      },
      { retryConflicts: true },
    );
  } catch (error) {
    // Posting the state a status already has answers "Cannot transition status via :run from
    // :running": the status already says what GUARD wanted it to say.
    const sameState = error instanceof GitLabApiError && /cannot transition status/i.test(error.description);
    if (!sameState) throw error;
  }
}
