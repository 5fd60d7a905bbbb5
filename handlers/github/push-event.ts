import type { Context } from 'probot';
import { changedPaths, ignored, type Translation } from '../http/translation.ts';
import { installationId } from './installation-id.ts';

// GitHub lists at most 20 commits in a push payload (the compare API has the rest). With exactly
// 20 listed the payload cannot say whether more were left out, so 20 already counts as truncated.
const MAX_LISTED_COMMITS = 20;
const BRANCH_PREFIX = 'refs/heads/';

/** A GitHub push as a push event; tags and branch deletions are ignored. */
export function pushEvent(payload: Context<'push'>['payload']): Translation {
  if (!payload.ref.startsWith(BRANCH_PREFIX)) return ignored('not a branch');
  if (payload.deleted) return ignored('branch deleted', 'branch-deleted');
  const branch = payload.ref.slice(BRANCH_PREFIX.length);
  const commits = payload.commits as typeof payload.commits | undefined;
  const complete = Array.isArray(commits) && commits.length < MAX_LISTED_COMMITS;
  return {
    event: {
      kind: 'push',
      forge: 'github',
      project: payload.repository.full_name,
      installationId: installationId(payload),
      branch,
      defaultBranch: branch === payload.repository.default_branch,
      after: payload.after,
      paths: complete ? changedPaths(commits) : undefined,
    },
  };
}
