import type { CheckSpec } from '../../../src/ports/forge.ts';
import { ensureCommitNote } from './commit-notes.ts';
import type { GitLabContext } from './context.ts';
import { isGitLabError } from './gitlab-api-error.ts';

/** GitLab's limit on a commit status description and target URL (GenericCommitStatus validations). */
export const DESCRIPTION_LIMIT = 255;

const STATE: Record<CheckSpec['state'], 'pending' | 'success' | 'failed'> = {
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

/** The hidden marker of the note that holds a check's details on its commit. */
export const checkNoteMarker = (name: string) => `<!-- guard:check ${name} -->`;

/**
 * A commit status named `name` on `sha`, attached to the newest pipeline of that sha (the MR's head
 * pipeline where there is one) so it shows on the MR and counts for "Pipelines must succeed";
 * without a pipeline GitLab makes an external one. A status has one line and one link, so the
 * problems a check carries (`annotations`) go where GitLab shows text: the comment named by
 * `detailsComment`, or else, when one of them is a failure, one note on the commit with the check's
 * summary; the status links to it.
 * Concurrent updates of one status answer 409 and are retried (requester.ts).
 */
export async function setCheck(ctx: GitLabContext, spec: CheckSpec): Promise<void> {
  const link = spec.detailsUrl ?? (await detailsLink(ctx, spec));
  const [pipeline] = (await ctx.gl.Pipelines.all(ctx.project, {
    sha: spec.sha,
    orderBy: 'id',
    sort: 'desc',
    perPage: 1,
    maxPages: 1,
  })) as { id: number }[];
  try {
    await ctx.gl.Commits.editStatus(ctx.project, spec.sha, STATE[spec.state], {
      name: spec.name,
      description: statusDescription(spec),
      ...(link && link.length <= DESCRIPTION_LIMIT ? { targetUrl: link } : {}),
      ...(pipeline ? { pipelineId: pipeline.id } : {}),
    });
  } catch (error) {
    // GitLab reuses a pending or running status of the same name and refuses to fire the event that
    // would leave it where it is ("Cannot transition status via :enqueue from :pending", or via :run
    // from :running; app/models/commit_status.rb): the status already says what GUARD wanted.
    if (!isGitLabError(error, 400, /cannot transition status/i)) throw error;
  }
}

/** Where a reader finds the check's problems: the comment the engine named, or GUARD's note on the commit. */
async function detailsLink(ctx: GitLabContext, spec: CheckSpec): Promise<string | undefined> {
  const comment = spec.detailsComment;
  if (comment) {
    const thread =
      comment.on.kind === 'mr'
        ? await ctx.gl.MergeRequests.show(ctx.project, comment.on.number)
        : await ctx.gl.Issues.show(comment.on.number, { projectId: ctx.project });
    return `${thread.web_url as string}#note_${comment.id}`;
  }
  // A note notifies the commit's author: written for failures, not for warnings on a passing check.
  if (!spec.annotations?.some((a) => a.level === 'failure')) return undefined;
  // The title can quote the files (a fork's too): only the summary, whose quotes sit in code blocks, is shown.
  const body = [`### ${spec.name}`, '', spec.summary].join('\n');
  const note = await ensureCommitNote(ctx, { sha: spec.sha, marker: checkNoteMarker(spec.name), body });
  return note.url;
}
