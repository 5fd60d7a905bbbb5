import type { MergeRequest, MergeRequestSpec } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { isGitLabError } from './gitlab-api-error.ts';
import { fromThisProject, type GitLabMergeRequest, toMergeRequest } from './merge-request-shape.ts';
import { collect, page } from './resources.ts';

/** The newest MR from `branch` of this project, any state: GitLab filters and sorts, so one request. */
export async function findMergeRequest(ctx: GitLabContext, branch: string) {
  const newest = await newestFrom(ctx, branch, 'all');
  return newest ? toMergeRequest(newest) : undefined;
}

/**
 * GitLab's `source_branch` filter ignores the source project, so a fork MR from a branch named like
 * GUARD's (`guard/<service>/<version>/<batch>` is predictable) would be listed too; only an MR whose
 * source is this project itself is GUARD's. Paged, newest first, until one is found.
 */
async function newestFrom(ctx: GitLabContext, branch: string, state: 'all' | 'opened') {
  const mrs = await collect<GitLabMergeRequest>(
    (n) =>
      ctx.gl.MergeRequests.all({
        projectId: ctx.project,
        sourceBranch: branch,
        state: state as never,
        orderBy: 'created_at',
        sort: 'desc',
        ...page(n),
      }),
    (items) => items.some(fromThisProject),
  );
  return mrs.find(fromThisProject);
}

export async function getMergeRequest(ctx: GitLabContext, iid: number) {
  try {
    return toMergeRequest((await ctx.gl.MergeRequests.show(ctx.project, iid)) as GitLabMergeRequest);
  } catch (error) {
    if (isGitLabError(error, 404)) return undefined;
    throw error;
  }
}

/** Paths an MR changes, both names of a rename, from the paginated `/diffs` listing. */
export async function changedFiles(ctx: GitLabContext, iid: number): Promise<string[]> {
  const diffs = await collect<{ old_path: string; new_path: string }>((n) =>
    ctx.gl.MergeRequests.allDiffs(ctx.project, iid, page(n)),
  );
  return [...new Set(diffs.flatMap((d) => [d.old_path, d.new_path]))];
}

/**
 * Opens the MR first: GitLab allows one open MR per source and target branch and answers 409
 * ("Another open merge request already exists for this source branch: !N") when there is one, so
 * the common case (a new wave) is one request. On 409 the open MR is found and its title,
 * description and labels are brought up to date when they differ.
 */
export async function ensureMergeRequest(ctx: GitLabContext, spec: MergeRequestSpec): Promise<MergeRequest> {
  const fields = { description: spec.body, labels: spec.labels.join(',') };
  try {
    const created = await ctx.gl.MergeRequests.create(
      ctx.project,
      spec.branch,
      spec.target,
      spec.title,
      fields,
    );
    return toMergeRequest(created as GitLabMergeRequest);
  } catch (error) {
    if (!isGitLabError(error, 409)) throw error;
  }
  const open = await newestFrom(ctx, spec.branch, 'opened');
  if (!open)
    throw new Error(`GitLab reported an open MR from ${spec.branch} but lists none; retry the reconcile`);
  const sameLabels = [...open.labels].sort().join(',') === [...spec.labels].sort().join(',');
  if (open.title === spec.title && (open.description ?? '') === spec.body && sameLabels) {
    return toMergeRequest(open);
  }
  const updated = await ctx.gl.MergeRequests.edit(ctx.project, open.iid, { title: spec.title, ...fields });
  return toMergeRequest(updated as GitLabMergeRequest);
}

/** Comments, then closes (`state_event: close`); a closed or merged MR is left as it is. */
export async function closeMergeRequest(ctx: GitLabContext, iid: number, comment: string) {
  const mr = await getMergeRequest(ctx, iid);
  if (mr?.state !== 'open') return;
  await ctx.gl.MergeRequestNotes.create(ctx.project, iid, comment);
  await ctx.gl.MergeRequests.edit(ctx.project, iid, { stateEvent: 'close' });
}

/** Merges through `PUT …/merge` with the head GUARD saw (`sha`); an MR merged already is returned as it is. */
export async function mergeMergeRequest(ctx: GitLabContext, iid: number): Promise<MergeRequest> {
  const mr = await getMergeRequest(ctx, iid);
  if (!mr) throw new Error(`GitLab has no MR !${iid} in this project; check the number`);
  if (mr.state === 'merged') return mr;
  if (mr.state === 'closed') throw new Error(`MR !${iid} is closed; reopen it before GUARD merges it`);
  const merged = await ctx.gl.MergeRequests.merge(ctx.project, iid, { sha: mr.headSha });
  return toMergeRequest(merged as GitLabMergeRequest);
}
