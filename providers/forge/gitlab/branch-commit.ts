import { type BranchCommit, BranchMovedError } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { GitLabApiError, isGitLabError } from './gitlab-api-error.ts';
import { collect, page } from './resources.ts';

type Read = (ref: string, paths: readonly string[]) => Promise<Map<string, string | undefined>>;
interface Head {
  id: string;
  parent_ids: string[];
}

/**
 * One `POST /repository/commits` carrying every change. The first try creates the branch from `base`
 * (`start_sha`), which GitLab refuses when the branch already exists; only then does GUARD look at
 * the branch, so opening a wave costs one request. A branch whose head is GUARD's single commit on
 * `base` is kept when it carries exactly these changes and replaced (`force`) when not; anything else
 * is someone else's work: BranchMovedError.
 *
 * GitLab has no compare-and-swap on a branch head, and its per-file guard cannot stand in for one
 * here: with `start_sha` there is no start branch, so GitLab compares each action's `last_commit_id`
 * with the file's last commit on the project's default branch (Files::BaseService#file_has_changed?),
 * never with the branch being replaced, and would refuse every update of a file GUARD's own commit
 * changed. So the replace sends none, and reads the branch head again just before writing: a push in
 * the remaining window (that read to the write, one round trip) is not detected.
 */
export async function ensureBranchCommit(ctx: GitLabContext, read: Read, input: BranchCommit) {
  try {
    return { sha: await commit(ctx, read, input, false), created: true };
  } catch (error) {
    if (!isGitLabError(error, 400)) throw error;
    const head = await branchHead(ctx, input.branch);
    if (!head) throw error;
    return replaceOwnCommit(ctx, read, input, head);
  }
}

async function branchHead(ctx: GitLabContext, branch: string): Promise<Head | undefined> {
  try {
    return (await ctx.gl.Branches.show(ctx.project, branch)).commit as Head;
  } catch (error) {
    if (isGitLabError(error, 404)) return undefined;
    throw error;
  }
}

async function replaceOwnCommit(ctx: GitLabContext, read: Read, input: BranchCommit, head: Head) {
  const ownCommitOnBase = head.parent_ids.length === 1 && head.parent_ids[0] === input.base;
  if (input.reset && !ownCommitOnBase) {
    // An earlier attempt's branch: replaced whatever it holds.
    return { sha: await commit(ctx, read, input, true), created: true };
  }
  if (head.id !== input.base && !ownCommitOnBase) {
    throw new BranchMovedError(
      `branch ${input.branch} has commits GUARD did not make on top of ${input.base.slice(0, 12)}; it is left alone: decide again from what is there now`,
    );
  }
  if (head.id !== input.base && (await carriesExactly(ctx, read, input, head.id))) {
    return { sha: head.id, created: false };
  }
  if ((await branchHead(ctx, input.branch))?.id !== head.id) {
    throw new BranchMovedError(`branch ${input.branch} moved while GUARD replaced its commit: decide again`);
  }
  return { sha: await commit(ctx, read, input, true), created: true };
}

/** The head commit changes exactly `input.changes`: no other path, and each with this content. */
async function carriesExactly(ctx: GitLabContext, read: Read, input: BranchCommit, sha: string) {
  const diffs = await collect<{ old_path: string; new_path: string }>((n) =>
    ctx.gl.Commits.showDiff(ctx.project, sha, page(n)),
  );
  const wanted = new Set(input.changes.map((c) => c.path));
  if (diffs.some((d) => !wanted.has(d.old_path) || !wanted.has(d.new_path))) return false;
  const current = await read(sha, [...wanted]);
  return input.changes.every((change) => current.get(change.path) === change.content);
}

/**
 * Posts the commit with every change as `update` (GUARD edits files that exist); when GitLab answers
 * that one does not exist, looks up which exist at `base` and posts again with `create` for those.
 */
async function commit(ctx: GitLabContext, read: Read, input: BranchCommit, force: boolean) {
  const post = async (existing?: Map<string, string | undefined>) => {
    const actions = input.changes.map((change) => ({
      action: existing && existing.get(change.path) === undefined ? ('create' as const) : ('update' as const),
      filePath: change.path,
      content: change.content,
    }));
    const created = await ctx.gl.Commits.create(ctx.project, input.branch, input.message, actions, {
      startSha: input.base,
      ...(force ? { force: true } : {}),
    });
    return created.id;
  };
  try {
    return await post();
  } catch (error) {
    const missingFile =
      error instanceof GitLabApiError &&
      /doesn't exist|does not exist/i.test(error.description) &&
      !/branch/i.test(error.description);
    if (!missingFile) throw error;
    return post(
      await read(
        input.base,
        input.changes.map((c) => c.path),
      ),
    );
  }
}
