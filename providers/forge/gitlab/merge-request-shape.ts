import type { MergeRequest } from '../../../src/ports/forge.ts';

/** The fields of GitLab's merge request JSON that GUARD reads. */
export interface GitLabMergeRequest {
  iid: number;
  web_url: string;
  source_branch: string;
  target_branch: string;
  title: string;
  description: string | null;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  sha: string;
  merge_commit_sha: string | null;
  squash_commit_sha: string | null;
  merged_at: string | null;
  labels: string[];
  author?: { username: string } | null;
  /** The project the MR belongs to: its target. */
  project_id: number;
  source_project_id: number;
  target_project_id: number;
}

/** The MR's branch lives in the project itself, not in a fork. */
export const fromThisProject = (mr: GitLabMergeRequest): boolean =>
  mr.source_project_id === mr.target_project_id && mr.target_project_id === mr.project_id;

/** GitLab's MR onto the port's: `opened`/`locked` are open; a squash merge's commit is its merge sha. */
export function toMergeRequest(mr: GitLabMergeRequest): MergeRequest {
  const state = mr.state === 'merged' ? 'merged' : mr.state === 'closed' ? 'closed' : 'open';
  const mergeSha =
    state === 'merged' ? (mr.merge_commit_sha ?? mr.squash_commit_sha ?? undefined) : undefined;
  return {
    number: mr.iid,
    url: mr.web_url,
    branch: mr.source_branch,
    title: mr.title,
    state,
    headSha: mr.sha,
    ...(mergeSha ? { mergeSha } : {}),
    ...(state === 'merged' && mr.merged_at ? { mergedAt: mr.merged_at } : {}),
    labels: [...mr.labels],
    ...(mr.author?.username ? { author: mr.author.username } : {}),
    fromFork: mr.source_project_id !== mr.target_project_id,
    target: mr.target_branch,
  };
}
