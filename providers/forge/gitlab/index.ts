import type { Gitlab } from '@gitbeaker/rest';
import type { Forge } from '../../../src/ports/forge.ts';
import { ensureBranchCommit } from './branch-commit.ts';
import { createContext } from './context.ts';
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
import type { GitLabLog } from './retry.ts';
import { setCheck } from './statuses.ts';
import { gitlabTerms } from './terms.ts';

export { createGitLabApi, GitLabApiError } from './create-gitlab-api.ts';

/** What the GitLab forge needs; everything but `api` and `project` has a real-world default. */
export interface GitLabForgeDeps {
  /**
   * A gitbeaker `Gitlab` for the host and token, built with `createGitLabApi`: the adapter builds
   * its resources on that client's connection with its own retry deps, so GUARD's retry layer is the
   * only one (a stock instance retries 429/502 itself, ignoring `Retry-After`).
   */
  api: Gitlab;
  /** The project's full path, e.g. `acme/platform/fleet`. */
  project: string;
  /**
   * The id of the token's user (`GET /user`; a project or group access token's bot user). Only
   * notes and issues this user wrote are GUARD's sticky comments and dashboards. Absent, the
   * adapter asks once per instance, which costs a request per reconcile: a server resolves it once
   * (`lookUpBotUserId`) and passes it to every adapter.
   */
  botUserId?: number;
  /** Waits between retries (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds, to turn `RateLimit-Reset` into a wait (default `Date.now`). */
  now?: () => number;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  log?: GitLabLog;
}

const quiet: GitLabLog = { warn: () => {}, debug: () => {} };
const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Forge port on GitLab's REST v4 (gitbeaker's resources) and GraphQL APIs, every request through
 * GUARD's requester and retry layer with this adapter's clock, jitter and logger.
 */
export function createGitLabForge(deps: GitLabForgeDeps): Forge {
  const { api, project, sleep = timer, now = Date.now, random = Math.random, log = quiet } = deps;
  const ctx = createContext(api, project, { sleep, now, random, log }, deps.botUserId);
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
export function lookUpBotUserId(
  api: Gitlab,
  deps: Pick<GitLabForgeDeps, 'sleep' | 'now' | 'random' | 'log'> = {},
): Promise<number> {
  const { sleep = timer, now = Date.now, random = Math.random, log = quiet } = deps;
  return createContext(api, '', { sleep, now, random, log }).botUserId();
}
