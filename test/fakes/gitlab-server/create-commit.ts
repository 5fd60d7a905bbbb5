import { commitJson } from './objects.ts';
import type { FakeCommit } from './repo.ts';
import { fail, json } from './router.ts';
import type { CommitDetail } from './types.ts';
import type { FakeWorld } from './world.ts';

interface Action {
  action: string;
  file_path: string;
  previous_path?: string;
  content?: string;
  last_commit_id?: string;
}

/** Gitlab::Git.commit_id?: a full 40- or 64-hex object id. */
const COMMIT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * POST /projects/:id/repository/commits, checked in the order GitLab's code checks it:
 * lib/api/commits.rb (`start_branch ||= branch unless start_sha`), Commits::CreateService#validate!
 * (start_sha, start branch, branch existence), Files::MultiService#validate_file_status! with
 * Files::BaseService#file_has_changed?, then Gitaly's index errors while applying the actions.
 */
export function createCommit(world: FakeWorld, body: Record<string, unknown>): Response {
  const branch = String(body.branch ?? '');
  const startSha = body.start_sha as string | undefined;
  const startBranch = (body.start_branch as string | undefined) ?? (startSha ? undefined : branch);
  const force = body.force === true || body.force === 'true';
  const refusal = validate(world, { branch, startSha, startBranch, force });
  if (refusal) return fail(400, refusal);
  const actions = (body.actions ?? []) as Action[];
  const changed = actions.find((a) => fileHasChanged(world, startBranch, a));
  if (changed) return fail(400, `The file has changed since you started editing it: ${pathOf(changed)}`);
  const parent = world.repo.resolve(startSha ?? world.repo.branches.get(startBranch!)!)!;
  const files = applyActions(parent, actions);
  if (typeof files === 'string') return fail(400, files);
  const commit = world.repo.commit({
    parents: [parent.sha],
    files,
    message: String(body.commit_message),
    author: world.botUser,
  });
  world.repo.branches.set(branch, commit.sha);
  const detail: CommitDetail = {
    ...commitJson(world, commit),
    stats: { additions: actions.length, deletions: actions.length, total: actions.length * 2 },
    status: null,
    project_id: world.project.id,
    last_pipeline: null,
  };
  return json(detail, 201);
}

/** Commits::CreateService#validate_start_sha!, #validate_on_branch!, #validate_branch_existence!. */
function validate(
  world: FakeWorld,
  input: { branch: string; startSha?: string; startBranch?: string; force: boolean },
): string | undefined {
  const { repo } = world;
  if (input.startSha && input.startBranch) return "You can't pass both start_branch and start_sha";
  if (input.startSha && !COMMIT_ID.test(input.startSha)) return `Invalid start_sha '${input.startSha}'`;
  if (input.startSha && !repo.commits.has(input.startSha)) return `Cannot find start_sha '${input.startSha}'`;
  if (input.startBranch && !repo.branches.has(input.startBranch))
    return 'You can only create or edit files when you are on a branch';
  const differentBranch = input.startBranch !== input.branch || input.startSha !== undefined;
  if (differentBranch && repo.branches.has(input.branch) && !input.force)
    return `A branch called '${input.branch}' already exists. Switch to that branch in order to make changes`;
  return undefined;
}

const pathOf = (action: Action) => action.previous_path ?? action.file_path;

/**
 * Files::BaseService#file_has_changed? for update, move and delete actions: the last commit that
 * touched the path on `@start_branch` against the last commit that touched it as of `last_commit_id`.
 * With `start_sha` there is no start branch, and Gitaly's FindCommits answers an empty revision from
 * the default branch (internal/gitaly/service/commit/find_commits.go): the comparison is then with
 * the project's default branch, never with the branch being written.
 */
function fileHasChanged(world: FakeWorld, startBranch: string | undefined, action: Action): boolean {
  if (!['update', 'move', 'delete'].includes(action.action) || !action.last_commit_id) return false;
  const { repo } = world;
  const ref = repo.branches.get(startBranch ?? world.project.defaultBranch);
  const fromBranch = ref ? repo.lastCommitFor(ref, pathOf(action)) : undefined;
  if (!fromBranch) return false;
  const known = repo.resolve(action.last_commit_id);
  const fromCommitId = known ? repo.lastCommitFor(known.sha, pathOf(action)) : undefined;
  if (!fromCommitId) return false;
  return fromBranch !== fromCommitId;
}

/** Gitaly's UserCommitFiles index errors for actions on files that are, or are not, there. */
function applyActions(parent: FakeCommit, actions: readonly Action[]): Map<string, string> | string {
  const files = new Map(parent.files);
  for (const action of actions) {
    const exists = files.has(action.file_path);
    if (action.action === 'create' && exists) return 'A file with this name already exists';
    if (['update', 'delete'].includes(action.action) && !exists) return "A file with this name doesn't exist";
    if (action.action === 'delete') files.delete(action.file_path);
    else if (action.action === 'move') {
      const from = action.previous_path ?? '';
      if (!files.has(from)) return "A file with this name doesn't exist";
      files.set(action.file_path, action.content ?? files.get(from)!);
      files.delete(from);
    } else if (['create', 'update'].includes(action.action))
      files.set(action.file_path, action.content ?? '');
    else return `Unknown action '${action.action}'`;
  }
  return files;
}
