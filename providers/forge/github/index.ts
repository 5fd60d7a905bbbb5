import type { Forge } from '../../../src/ports/forge.ts';
import { ensureBranchCommit } from './branch-commit.ts';
import { setCheck } from './checks.ts';
import { createGitHubClient, type GitHubDeps } from './client.ts';
import { closeMergeRequest, mergeMergeRequest } from './close-merge.ts';
import { addComment, addReaction, ensureComment } from './comments.ts';
import { createEtagCache, type EtagCache } from './etag-cache.ts';
import { ensureIssue } from './issues.ts';
import { ensureGuardLabels } from './labels.ts';
import { changedFiles, ensureMergeRequest, findMergeRequest, getPull } from './merge-requests.ts';
import { permission, teamsOf } from './people.ts';
import { toMergeRequest } from './pull-request.ts';
import { defaultBranch, listFiles, readFiles } from './reads.ts';
import { githubTerms } from './terms.ts';

export type { GitHubDeps } from './client.ts';
export { createEtagCache, type EtagCache } from './etag-cache.ts';

export interface GitHubForgeDeps extends GitHubDeps {
  /**
   * ETags of earlier reads, shared by the forges of one process (the server keeps one): the reads
   * each tick repeats are then conditional. Without it, an instance keeps its own.
   */
  etags?: EtagCache;
}

/** The GitHub forge, plus the once-per-installation label set-up the port has no verb for. */
export interface GitHubForge extends Forge {
  /** Creates GUARD's labels the repository lacks; returns the names it created. */
  ensureLabels(): Promise<string[]>;
}

/**
 * The Forge on the Octokit Probot gives an installation (`context.octokit`). One instance per
 * reconcile: it remembers what it wrote itself, which saves look-ups while opening a wave MR.
 */
export function createGitHubForge(deps: GitHubForgeDeps): GitHubForge {
  const client = createGitHubClient(deps);
  const etags = deps.etags ?? createEtagCache(100);
  return {
    kind: 'github',
    terms: githubTerms,
    defaultBranch: () => defaultBranch(client, etags),
    readFiles: (ref, paths) => readFiles(client, ref, paths),
    listFiles: (ref, dir) => listFiles(client, ref, dir),
    ensureBranchCommit: (input) => ensureBranchCommit(client, input),
    findMergeRequest: (branch) => findMergeRequest(client, branch, etags),
    getMergeRequest: async (number) => {
      const pr = await getPull(client, number, etags);
      return pr && toMergeRequest(pr);
    },
    changedFiles: (number) => changedFiles(client, number),
    ensureMergeRequest: (spec) => ensureMergeRequest(client, spec),
    closeMergeRequest: (number, comment) => closeMergeRequest(client, number, comment),
    mergeMergeRequest: (number) => mergeMergeRequest(client, number),
    ensureComment: (input) => ensureComment(client, input),
    addComment: (input) => addComment(client, input),
    addReaction: (input) => addReaction(client, input),
    setCheck: (spec) => setCheck(client, spec),
    permission: (login) => permission(client, login),
    teamsOf: (login) => teamsOf(client, login),
    ensureIssue: (spec) => ensureIssue(client, spec),
    ensureLabels: () => ensureGuardLabels(client),
  };
}
