import type { Forge } from '../../../src/ports/forge.ts';
import { ensureBranchCommit } from './branch-commit.ts';
import { setCheck } from './checks.ts';
import { createGitHubClient, type GitHubDeps } from './client.ts';
import { closeMergeRequest, mergeMergeRequest } from './close-merge.ts';
import { addComment, addReaction, ensureComment } from './comments.ts';
import { ensureIssue } from './issues.ts';
import { ensureGuardLabels } from './labels.ts';
import { changedFiles, ensureMergeRequest, findMergeRequest, getPull } from './merge-requests.ts';
import { permission, teamsOf } from './people.ts';
import { toMergeRequest } from './pull-request.ts';
import { defaultBranch, listFiles, readFiles } from './reads.ts';
import { githubTerms } from './terms.ts';

export type { GitHubDeps } from './client.ts';

/** The GitHub forge, plus the once-per-installation label set-up the port has no verb for. */
export interface GitHubForge extends Forge {
  /** Creates GUARD's labels the repository lacks; returns the names it created. */
  ensureLabels(): Promise<string[]>;
}

/**
 * The Forge on the Octokit Probot gives an installation (`context.octokit`). One instance per
 * reconcile: it remembers what it wrote itself, which saves look-ups while opening a wave MR.
 */
export function createGitHubForge(deps: GitHubDeps): GitHubForge {
  const client = createGitHubClient(deps);
  return {
    kind: 'github',
    terms: githubTerms,
    defaultBranch: () => defaultBranch(client),
    readFiles: (ref, paths) => readFiles(client, ref, paths),
    listFiles: (ref, dir) => listFiles(client, ref, dir),
    ensureBranchCommit: (input) => ensureBranchCommit(client, input),
    findMergeRequest: (branch) => findMergeRequest(client, branch),
    getMergeRequest: async (number) => {
      const pr = await getPull(client, number);
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
