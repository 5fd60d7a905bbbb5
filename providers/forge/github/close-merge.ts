import type { MergeRequest } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { getPull } from './merge-requests.ts';
import { toMergeRequest } from './pull-request.ts';
import { GitHubRequestError } from './request-error.ts';

const missing = (number: number) =>
  new Error(`pull request #${number} does not exist in this repository: check the rollout state`);

/** Closes an open pull request after saying why; closed and merged ones are left as they are. */
export async function closeMergeRequest(
  client: GitHubClient,
  number: number,
  comment: string,
): Promise<void> {
  const pr = await getPull(client, number);
  if (!pr) throw missing(number);
  if (pr.state !== 'open') return;
  await client.rest('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    issue_number: number,
    body: comment,
  });
  await client.rest('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
    pull_number: number,
    state: 'closed',
  });
}

/** Merges an open pull request; a merged one is returned as it is. */
export async function mergeMergeRequest(client: GitHubClient, number: number): Promise<MergeRequest> {
  const pr = await getPull(client, number);
  if (!pr) throw missing(number);
  if (pr.merged_at) return toMergeRequest(pr);
  if (pr.state !== 'open') throw new Error(`pull request #${number} is closed: reopen it before merging`);
  try {
    // `sha`: merge exactly the head just read, never a commit pushed since.
    await client.rest('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
      pull_number: number,
      sha: pr.head.sha,
    });
  } catch (error) {
    throw refusedMerge(error, number);
  }
  const merged = await getPull(client, number);
  if (!merged) throw missing(number);
  return toMergeRequest(merged);
}

/**
 * GitHub's documented refusals of a merge, kept with their status (the engine gives a 405 up and
 * tries a 409 again): 405 when it cannot be merged (conflicts, a required check or review missing),
 * 409 when the head moved since it was read.
 */
function refusedMerge(error: unknown, number: number): unknown {
  if (!(error instanceof GitHubRequestError)) return error;
  if (error.status === 405)
    return new GitHubRequestError(
      `GitHub refuses to merge pull request #${number}: ${error.said.message}; resolve conflicts or missing checks and reviews, then merge it by hand`,
      405,
      error.said,
    );
  if (error.status === 409)
    return new GitHubRequestError(
      `pull request #${number}'s head moved while GUARD merged it (${error.said.message}): GUARD reads it again before merging`,
      409,
      error.said,
    );
  return error;
}
