import type { Gitlab } from '@gitbeaker/rest';
import type { Forge } from '../../../src/ports/forge.ts';
import { ensureBranchCommit } from './branch-commit.ts';
import type { GitLabRetry } from './classify-failure.ts';
import { createContext } from './context.ts';
import type { DefaultBranchNames } from './default-branch-names.ts';
import { ensureIssue } from './issues.ts';
import {
  changedFiles,
  closeMergeRequest,
  ensureMergeRequest,
  findMergeRequest,
  getMergeRequest,
  mergeMergeRequest,
} from './merge-requests.ts';
import { addComment, addReaction, ensureComment } from './notes.ts';
import { permission, teamsOf } from './people.ts';
import { defaultBranch, listFiles, readFiles } from './reads.ts';
import { setCheck } from './statuses.ts';
import { gitlabTerms } from './terms.ts';

export { createGitLabApi, GitLabApiError } from './create-gitlab-api.ts';
export {
  createDefaultBranchNames,
  type DefaultBranchNames,
  defaultBranchKey,
} from './default-branch-names.ts';

/** What the GitLab forge needs; everything but `api` and `project` has a real-world default. */
export interface GitLabForgeDeps {
  /**
   * A gitbeaker `Gitlab` for the host and token, built with `createGitLabApi`: the adapter builds
   * its resources on that client's connection, so GUARD's retry policy is the only one (a stock
   * instance retries 429/502 itself, ignoring `Retry-After`).
   */
  api: Gitlab;
  /** The project's full path, e.g. `acme/platform/fleet`. */
  project: string;
  /**
   * The id of the token's user (`GET /user`; a project or group access token's bot user). Only
   * notes and issues this user wrote are GUARD's sticky comments and dashboards. Absent, the
   * adapter asks once per instance, which costs a request per reconcile: a server resolves it once
   * (`lookUpBotUserId`) and passes it to every adapter, or passes how to resolve it, so that it is
   * asked when first needed (a tick that only reads heads never asks).
   */
  botUserId?: number | (() => Promise<number>);
  /** The retry policy's waits, clock and jitter (default: the connection's, as createGitLabApi got them). */
  retry?: GitLabRetry;
  /**
   * Default branch names shared by a process's adapters (`createDefaultBranchNames`): a tick's head
   * read is then one request, not two. Absent, each adapter asks for the project first.
   */
  branchNames?: DefaultBranchNames;
}

/**
 * The Forge port on GitLab's REST v4 (gitbeaker's resources) and GraphQL APIs, every request through
 * GUARD's requester and the one retry policy.
 */
export function createGitLabForge(deps: GitLabForgeDeps): Forge {
  const { api, project } = deps;
  const ctx = createContext(api, project, deps.retry ?? {}, deps.botUserId, deps.branchNames);
  const read = (ref: string, paths: readonly string[]) => readFiles(ctx, ref, paths);
  return {
    kind: 'gitlab',
    terms: gitlabTerms,
    defaultBranch: () => defaultBranch(ctx),
    readFiles: read,
    listFiles: (ref, dir) => listFiles(ctx, ref, dir),
    ensureBranchCommit: (input) => ensureBranchCommit(ctx, read, input),
    findMergeRequest: (branch) => findMergeRequest(ctx, branch),
    getMergeRequest: (iid) => getMergeRequest(ctx, iid),
    changedFiles: (iid) => changedFiles(ctx, iid),
    ensureMergeRequest: (spec) => ensureMergeRequest(ctx, spec),
    closeMergeRequest: (iid, comment) => closeMergeRequest(ctx, iid, comment),
    mergeMergeRequest: (iid) => mergeMergeRequest(ctx, iid),
    ensureComment: (input) => ensureComment(ctx, input),
    addComment: (input) => addComment(ctx, input),
    addReaction: (input) => addReaction(ctx, input),
    setCheck: (spec) => setCheck(ctx, spec),
    permission: (login) => permission(ctx, login),
    teamsOf: (login) => teamsOf(ctx, login),
    ensureIssue: (spec) => ensureIssue(ctx, spec),
  };
}

/** The token's user id (`GET /user`, with the adapter's retries), to pass as every adapter's `botUserId`. */
export function lookUpBotUserId(api: Gitlab, retry: GitLabRetry = {}): Promise<number> {
  return createContext(api, '', retry).botUserId();
}
