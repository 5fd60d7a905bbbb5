import type { MergeRequest, MergeRequestSpec } from '../../../src/ports/forge.ts';
import type { GitLabClient } from './client.ts';
import { GitLabApiError } from './create-gitlab-api.ts';
import { fromThisProject, type GitLabMergeRequest, toMergeRequest } from './merge-request-shape.ts';

const mrPath = (client: GitLabClient, iid: number, suffix = '') =>
  client.project(`merge_requests/${iid}${suffix ? `/${suffix}` : ''}`);

/** The newest MR from `branch` of this project, any state: GitLab filters and sorts, so one request. */
export async function findMergeRequest(client: GitLabClient, branch: string) {
  const newest = await newestFrom(client, branch, 'all');
  return newest ? toMergeRequest(newest) : undefined;
}

/**
 * GitLab's `source_branch` filter ignores the source project, so a fork MR from a branch named like
 * GUARD's (`guard/<service>/<version>/<batch>` is predictable) would be listed too; only an MR whose
 * source is this project itself is GUARD's. Paged, newest first, until one is found.
 */
async function newestFrom(client: GitLabClient, branch: string, state: 'all' | 'opened') {
  const mrs = await client.getAll<GitLabMergeRequest>(
    client.project('merge_requests'),
    { source_branch: branch, state, order_by: 'created_at', sort: 'desc' },
    (page) => page.some(fromThisProject),
  );
  return mrs.find(fromThisProject);
}

export async function getMergeRequest(client: GitLabClient, iid: number) {
  const mr = await client.find<GitLabMergeRequest>(mrPath(client, iid));
  return mr ? toMergeRequest(mr) : undefined;
}

/** Paths an MR changes, both names of a rename, from the paginated `/diffs` listing. */
export async function changedFiles(client: GitLabClient, iid: number): Promise<string[]> {
  const diffs = await client.getAll<{ old_path: string; new_path: string }>(mrPath(client, iid, 'diffs'));
  return [...new Set(diffs.flatMap((d) => [d.old_path, d.new_path]))];
}

/**
 * Opens the MR first: GitLab allows one open MR per source branch and answers 409 when there is
 * one, so the common case (a new wave) is one request. On 409 the open MR is found and its title,
 * description and labels are brought up to date when they differ.
 */
export async function ensureMergeRequest(
  client: GitLabClient,
  spec: MergeRequestSpec,
): Promise<MergeRequest> {
  try {
    const created = await client.post<GitLabMergeRequest>(client.project('merge_requests'), {
      source_branch: spec.branch,
      target_branch: spec.target,
      title: spec.title,
      description: spec.body,
      labels: spec.labels.join(','),
    });
    return toMergeRequest(created);
  } catch (error) {
    if (!(error instanceof GitLabApiError && error.status === 409)) throw error;
  }
  const open = await newestFrom(client, spec.branch, 'opened');
  if (!open)
    throw new Error(`GitLab reported an open MR from ${spec.branch} but lists none; retry the reconcile`);
  const sameLabels = [...open.labels].sort().join(',') === [...spec.labels].sort().join(',');
  if (open.title === spec.title && (open.description ?? '') === spec.body && sameLabels) {
    return toMergeRequest(open);
  }
  const updated = await client.put<GitLabMergeRequest>(mrPath(client, open.iid), {
    title: spec.title,
    description: spec.body,
    labels: spec.labels.join(','),
  });
  return toMergeRequest(updated);
}

/** Comments, then closes (`state_event: close`); a closed or merged MR is left as it is. */
export async function closeMergeRequest(client: GitLabClient, iid: number, comment: string) {
  const mr = await getMergeRequest(client, iid);
  if (mr?.state !== 'open') return;
  await client.post(mrPath(client, iid, 'notes'), { body: comment });
  await client.put(mrPath(client, iid), { state_event: 'close' });
}

/** Merges through `PUT …/merge`; an MR merged already is returned as it is. */
export async function mergeMergeRequest(client: GitLabClient, iid: number): Promise<MergeRequest> {
  const mr = await getMergeRequest(client, iid);
  if (!mr) throw new Error(`GitLab has no MR !${iid} in this project; check the number`);
  if (mr.state === 'merged') return mr;
  if (mr.state === 'closed') throw new Error(`MR !${iid} is closed; reopen it before GUARD merges it`);
  const merged = await client.put<GitLabMergeRequest>(mrPath(client, iid, 'merge'), { sha: mr.headSha });
  return toMergeRequest(merged);
}
