import type { Gitlab } from '@gitbeaker/rest';
import { rememberSuccess } from '../../../src/util/remember-success.ts';
import type { GitLabRetry } from './classify-failure.ts';
import type { DefaultBranchNames } from './default-branch-names.ts';
import { createResources, type GitLabResources } from './resources.ts';

/** The fields of GitLab's project object the adapter reads. */
export interface GitLabProject {
  default_branch: string;
  /** The project's page, under the instance's path prefix when it has one. */
  web_url: string;
  visibility: 'private' | 'internal' | 'public';
  namespace: { kind: 'user' | 'group'; full_path: string };
  shared_with_groups?: { group_full_path: string }[];
}

/** What every part of the adapter works with: the resources, the project, and who GUARD is there. */
export interface GitLabContext {
  gl: GitLabResources;
  /** The project's full path (`acme/platform/fleet`); gitbeaker encodes it into each path. */
  project: string;
  /**
   * The id of the token's user (for a project or group access token, its bot user): GUARD's own
   * notes and issues are the ones it authored. Given at creation (or how to learn it, when first
   * needed), or asked once (`GET /user`).
   */
  botUserId(): Promise<number>;
  /** The project (`GET /projects/:id`), asked once per adapter: one reconcile's worth. */
  projectInfo(): Promise<GitLabProject>;
  /** Default branch names the process already knows (shared by its adapters), if it keeps them. */
  branchNames?: DefaultBranchNames;
}

export function createContext(
  api: Gitlab,
  project: string,
  retry: GitLabRetry,
  knownBotUserId?: number | (() => Promise<number>),
  branchNames?: DefaultBranchNames,
): GitLabContext {
  const gl = createResources(api, retry);
  const botUser = rememberSuccess(async () => {
    if (typeof knownBotUserId === 'number') return knownBotUserId;
    if (knownBotUserId) return knownBotUserId();
    const user = (await gl.Users.showCurrentUser()) as { id?: unknown };
    if (typeof user?.id !== 'number')
      throw new Error('GitLab GET /user named no user; give GUARD a token with the api scope (GITLAB_TOKEN)');
    return user.id;
  });
  const info = rememberSuccess(async () => (await gl.Projects.show(project)) as unknown as GitLabProject);
  const ctx: GitLabContext = { gl, project, botUserId: botUser, projectInfo: info };
  if (branchNames) ctx.branchNames = branchNames;
  return ctx;
}
