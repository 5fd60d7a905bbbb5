import { type BranchCommit, BranchMovedError } from '../../../src/ports/forge.ts';
import type { GitLabClient } from './client.ts';
import { GitLabApiError } from './create-gitlab-api.ts';

type Read = (ref: string, paths: readonly string[]) => Promise<Map<string, string | undefined>>;
interface Head {
  id: string;
  parent_ids: string[];
}
interface Action {
  action: 'create' | 'update';
  file_path: string;
  content: string;
  last_commit_id?: string;
}

/**
 * One `POST /repository/commits` carrying every change. The first try creates the branch from `base`
 * (`start_sha`), which GitLab refuses when the branch already exists; only then does GUARD look at
 * the branch, so opening a wave costs one request. A branch whose head is GUARD's single commit on
 * `base` is kept when it carries exactly these changes and replaced (`force`) when not; anything else
 * is someone else's work: BranchMovedError.
 *
 * GitLab has no compare-and-swap on a branch head. Its `last_commit_id` guards each file instead (the
 * file's last commit on the branch must still be that id), so on a replace every file GUARD's earlier
 * commit touched carries it: a push touching one of them in between makes GitLab answer 400, which
 * becomes BranchMovedError. A push touching only other files in that window is not detected.
 */
export async function ensureBranchCommit(client: GitLabClient, read: Read, input: BranchCommit) {
  try {
    return { sha: await commit(client, read, input, {}), created: true };
  } catch (error) {
    if (!(error instanceof GitLabApiError) || error.status !== 400) throw error;
    const branch = await client.find<{ commit: Head }>(
      client.project(`repository/branches/${encodeURIComponent(input.branch)}`),
    );
    if (!branch) throw error;
    return replaceOwnCommit(client, read, input, branch.commit);
  }
}

async function replaceOwnCommit(client: GitLabClient, read: Read, input: BranchCommit, head: Head) {
  const ownCommitOnBase = head.parent_ids.length === 1 && head.parent_ids[0] === input.base;
  if (input.reset && !ownCommitOnBase) {
    // An earlier attempt's branch: replaced whatever it holds (no per-file guard: it is not kept).
    return { sha: await commit(client, read, input, { force: true }), created: true };
  }
  if (head.id !== input.base && !ownCommitOnBase) {
    throw new BranchMovedError(
      `branch ${input.branch} has commits GUARD did not make on top of ${input.base.slice(0, 12)}; it is left alone: decide again from what is there now`,
    );
  }
  const touched = head.id === input.base ? [] : await touchedPaths(client, head.id);
  if (head.id !== input.base && (await carriesExactly(read, input, head.id, touched))) {
    return { sha: head.id, created: false };
  }
  const sha = await commit(client, read, input, { force: true, guard: { head: head.id, paths: touched } });
  return { sha, created: true };
}

/** Paths the head commit changed (both names of a rename). */
async function touchedPaths(client: GitLabClient, sha: string): Promise<string[]> {
  const diffs = await client.getAll<{ old_path: string; new_path: string }>(
    client.project(`repository/commits/${sha}/diff`),
  );
  return [...new Set(diffs.flatMap((d) => [d.old_path, d.new_path]))];
}

async function carriesExactly(read: Read, input: BranchCommit, sha: string, touched: string[]) {
  const wanted = new Set(input.changes.map((c) => c.path));
  if (touched.some((path) => !wanted.has(path))) return false;
  const current = await read(sha, [...wanted]);
  return input.changes.every((change) => current.get(change.path) === change.content);
}

interface CommitOptions {
  force?: boolean;
  guard?: { head: string; paths: string[] };
}

/**
 * Posts the commit with every change as `update` (GUARD edits files that exist); when GitLab answers
 * that one does not exist, looks up which exist at `base` and posts again with `create` for those.
 */
async function commit(client: GitLabClient, read: Read, input: BranchCommit, options: CommitOptions) {
  const post = (existing?: Map<string, string | undefined>) =>
    client.post<{ id: string }>(client.project('repository/commits'), {
      branch: input.branch,
      commit_message: input.message,
      start_sha: input.base,
      force: options.force || undefined,
      actions: input.changes.map((change) => action(change, existing, options.guard)),
    });
  try {
    return (await post()).id;
  } catch (error) {
    if (
      error instanceof GitLabApiError &&
      error.status === 400 &&
      /file has changed/i.test(error.description)
    ) {
      throw new BranchMovedError(
        `branch ${input.branch} moved while GUARD replaced its commit: decide again`,
      );
    }
    if (!(error instanceof GitLabApiError && /doesn't exist|does not exist/i.test(error.description)))
      throw error;
    if (/branch/i.test(error.description)) throw error;
    const existing = await read(
      input.base,
      input.changes.map((c) => c.path),
    );
    return (await post(existing)).id;
  }
}

function action(
  change: { path: string; content: string },
  existing: Map<string, string | undefined> | undefined,
  guard: CommitOptions['guard'],
): Action {
  const create = existing !== undefined && existing.get(change.path) === undefined;
  const guarded = !create && guard?.paths.includes(change.path);
  return {
    action: create ? 'create' : 'update',
    file_path: change.path,
    content: change.content,
    ...(guarded ? { last_commit_id: guard?.head } : {}),
  };
}
