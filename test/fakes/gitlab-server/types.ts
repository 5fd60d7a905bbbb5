/**
 * The objects GitLab's REST API v4 documents, as the fake GitLab serves them. Each route builds its
 * answer as one of these, so a fixture that leaves out a documented field fails `tsc`. Fields are the
 * ones the documentation's example responses show (optional where the docs say a field is absent on
 * some versions or tiers); values the fake never varies are still present, as GitLab sends them.
 */

/** docs.gitlab.com/api/users/#single-user ("UserBasic", nested as `author`, `user`). */
export interface UserBasic {
  id: number;
  username: string;
  name: string;
  state: 'active' | 'blocked' | 'deactivated';
  locked: boolean;
  avatar_url: string | null;
  web_url: string;
}

/** docs.gitlab.com/api/commits/#get-a-single-commit */
export interface Commit {
  id: string;
  short_id: string;
  title: string;
  message: string;
  parent_ids: string[];
  author_name: string;
  author_email: string;
  authored_date: string;
  committer_name: string;
  committer_email: string;
  committed_date: string;
  created_at: string;
  trailers: Record<string, string>;
  extended_trailers: Record<string, string[]>;
  web_url: string;
}

/** docs.gitlab.com/api/commits/#create-a-commit-with-multiple-files-and-actions (CommitDetail). */
export interface CommitDetail extends Commit {
  stats: { additions: number; deletions: number; total: number };
  status: string | null;
  project_id: number;
  last_pipeline: Pipeline | null;
}

/** docs.gitlab.com/api/branches/#get-single-repository-branch */
export interface Branch {
  name: string;
  merged: boolean;
  protected: boolean;
  default: boolean;
  developers_can_push: boolean;
  developers_can_merge: boolean;
  can_push: boolean;
  web_url: string;
  commit: Commit;
}

/** docs.gitlab.com/api/projects/#get-a-single-project (the fields GUARD and its tests read, and identity). */
export interface Project {
  id: number;
  name: string;
  name_with_namespace: string;
  path: string;
  path_with_namespace: string;
  default_branch: string;
  visibility: 'private' | 'internal' | 'public';
  web_url: string;
  http_url_to_repo: string;
  namespace: {
    id: number;
    name: string;
    path: string;
    kind: 'user' | 'group';
    full_path: string;
    web_url: string;
  };
  shared_with_groups: {
    group_id: number;
    group_name: string;
    group_full_path: string;
    group_access_level: number;
    expires_at: string | null;
  }[];
}

/** docs.gitlab.com/api/merge_requests/#merge-status: `detailed_merge_status` values. */
export type DetailedMergeStatus =
  | 'approvals_syncing'
  | 'checking'
  | 'ci_must_pass'
  | 'ci_still_running'
  | 'conflict'
  | 'discussions_not_resolved'
  | 'draft_status'
  | 'mergeable'
  | 'need_rebase'
  | 'not_approved'
  | 'not_open'
  | 'unchecked';

/** docs.gitlab.com/api/merge_requests/#get-single-mr */
export interface MergeRequest {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed' | 'locked' | 'merged';
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  merge_user: UserBasic | null;
  closed_at: string | null;
  closed_by: UserBasic | null;
  target_branch: string;
  source_branch: string;
  author: UserBasic;
  assignees: UserBasic[];
  reviewers: UserBasic[];
  source_project_id: number;
  target_project_id: number;
  labels: string[];
  draft: boolean;
  merge_when_pipeline_succeeds: boolean;
  merge_status: 'unchecked' | 'checking' | 'can_be_merged' | 'cannot_be_merged' | 'cannot_be_merged_recheck';
  detailed_merge_status: DetailedMergeStatus;
  sha: string;
  merge_commit_sha: string | null;
  squash_commit_sha: string | null;
  user_notes_count: number;
  should_remove_source_branch: boolean | null;
  force_remove_source_branch: boolean;
  web_url: string;
  references: { short: string; relative: string; full: string };
  squash: boolean;
  has_conflicts: boolean;
  blocking_discussions_resolved: boolean;
  /** Single-MR answers only (not listings). */
  diff_refs?: { base_sha: string | null; head_sha: string; start_sha: string };
  head_pipeline?: Pipeline | null;
  changes_count?: string | null;
}

/** docs.gitlab.com/api/notes/#get-single-merge-request-note (and issue notes). */
export interface Note {
  id: number;
  type: 'DiscussionNote' | 'DiffNote' | null;
  body: string;
  attachment: null;
  author: UserBasic;
  created_at: string;
  updated_at: string;
  system: boolean;
  noteable_id: number;
  noteable_type: 'MergeRequest' | 'Issue' | 'Commit';
  noteable_iid: number | null;
  project_id: number;
  resolvable: boolean;
  confidential: boolean;
  internal: boolean;
}

/** docs.gitlab.com/api/discussions/#list-project-commit-discussion-items */
export interface Discussion {
  id: string;
  individual_note: boolean;
  notes: Note[];
}

/** docs.gitlab.com/api/emoji_reactions/#add-a-new-emoji-reaction-to-a-comment */
export interface AwardEmoji {
  id: number;
  name: string;
  user: UserBasic;
  created_at: string;
  updated_at: string;
  awardable_id: number;
  awardable_type: 'Note';
}

/** docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit */
export interface CommitStatus {
  id: number;
  sha: string;
  ref: string | null;
  status: 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';
  name: string;
  target_url: string | null;
  description: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  allow_failure: boolean;
  coverage: number | null;
  pipeline_id: number;
  author: UserBasic;
}

/** docs.gitlab.com/api/pipelines/#list-project-pipelines */
export interface Pipeline {
  id: number;
  iid: number;
  project_id: number;
  sha: string;
  ref: string;
  status: string;
  source: string;
  created_at: string;
  updated_at: string;
  web_url: string;
}

/** docs.gitlab.com/api/issues/#single-project-issue */
export interface Issue {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  labels: string[];
  author: UserBasic;
  assignees: UserBasic[];
  type: 'ISSUE';
  user_notes_count: number;
  web_url: string;
  references: { short: string; relative: string; full: string };
}

/** docs.gitlab.com/api/members/#get-a-member-of-a-group-or-project-including-inherited-and-invited-members */
export interface Member extends UserBasic {
  access_level: number;
  created_at: string;
  expires_at: string | null;
}

/** docs.gitlab.com/api/users/#list-users (a non-admin's view). */
export type UserListed = UserBasic;

/** docs.gitlab.com/api/users/#retrieve-the-current-user */
export interface CurrentUser extends UserBasic {
  bot: boolean;
  created_at: string;
}

/** docs.gitlab.com/api/commits/#get-the-diff-of-a-commit (also an MR's `/diffs`). */
export interface Diff {
  diff: string;
  new_path: string;
  old_path: string;
  a_mode: string | null;
  b_mode: string | null;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  generated_file: boolean | null;
}

/** docs.gitlab.com/api/repositories/#list-repository-tree */
export interface TreeEntry {
  id: string;
  name: string;
  type: 'tree' | 'blob';
  path: string;
  mode: string;
}

/**
 * docs.gitlab.com/api/rest/troubleshooting/#status-codes: `{"message": …}` (a string such as
 * "404 Project Not Found", a list, or a field → messages map for validation errors), or
 * `{"error": …}` for a missing or invalid parameter.
 */
export type ErrorBody = { message: string | string[] | Record<string, string[]> } | { error: string };
