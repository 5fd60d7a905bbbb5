import { z } from 'zod';
import { changedPaths, ignored, type Translation } from '../http/translation.ts';

const Commit = z.object({
  added: z.array(z.string()).optional(),
  modified: z.array(z.string()).optional(),
  removed: z.array(z.string()).optional(),
});

const PushHook = z.object({
  ref: z.string(),
  after: z.string(),
  project: z.object({ path_with_namespace: z.string(), default_branch: z.string().nullish() }),
  commits: z.array(Commit).optional(),
  total_commits_count: z.number().int().nonnegative(),
});

const BRANCH_PREFIX = 'refs/heads/';
const DELETED = /^0+$/;

/**
 * A GitLab Push Hook as a push event. GitLab lists at most the newest 20 commits while
 * `total_commits_count` counts them all: when some are missing, `paths` is left undefined
 * ("maybe guard/ changed"). Branch deletions are ignored (nothing to reconcile on a gone branch).
 */
export function pushHookEvent(payload: unknown): Translation {
  const push = PushHook.parse(payload);
  if (!push.ref.startsWith(BRANCH_PREFIX)) return ignored('not a branch');
  if (DELETED.test(push.after)) return ignored('branch deleted', 'branch-deleted');
  const branch = push.ref.slice(BRANCH_PREFIX.length);
  const commits = push.commits ?? [];
  const complete = push.commits !== undefined && push.total_commits_count <= commits.length;
  return {
    event: {
      kind: 'push',
      forge: 'gitlab',
      project: push.project.path_with_namespace,
      branch,
      defaultBranch: branch === push.project.default_branch,
      after: push.after,
      paths: complete ? changedPaths(commits) : undefined,
    },
  };
}
