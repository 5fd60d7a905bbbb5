import type { MergeRequest, MergeRequestSpec } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { conditionalGet } from './conditional-get.ts';
import type { EtagCache } from './etag-cache.ts';
import { isFork, type PullJson, toMergeRequest } from './pull-request.ts';
import { githubSaid } from './request-error.ts';

const PER_PAGE = 100;

/**
 * The newest pull request from `branch` of this repository. `head: owner:branch` already leaves out
 * forks owned by others (GUARD's branch names are predictable, so anyone could push one); the check
 * of the head repository also leaves out a fork this owner keeps, or a deleted one.
 */
async function findPull(client: GitHubClient, branch: string, state: 'open' | 'all', etags?: EtagCache) {
  const route = 'GET /repos/{owner}/{repo}/pulls';
  const params = {
    head: `${client.owner}:${branch}`,
    state,
    sort: 'created',
    direction: 'desc',
    per_page: 10,
  };
  // The tick looks at an MR it waits on every minute: conditional, so an unchanged one costs nothing.
  const data = etags
    ? await conditionalGet<PullJson[]>(client, etags, route, params)
    : (await client.rest<PullJson[]>(route, params)).data;
  return data.find((pr) => !isFork(pr));
}

export async function findMergeRequest(
  client: GitHubClient,
  branch: string,
  etags?: EtagCache,
): Promise<MergeRequest | undefined> {
  const pr = await findPull(client, branch, 'all', etags);
  return pr && toMergeRequest(pr);
}

export async function getPull(
  client: GitHubClient,
  number: number,
  etags?: EtagCache,
): Promise<PullJson | undefined> {
  try {
    const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}';
    const params = { pull_number: number };
    return etags
      ? await conditionalGet<PullJson>(client, etags, route, params)
      : (await client.rest<PullJson>(route, params)).data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** Every path the pull request touches; a rename counts both names. Pages of 100 (GitHub's maximum). */
export async function changedFiles(client: GitHubClient, number: number): Promise<string[]> {
  const paths = new Set<string>();
  for (let page = 1; ; page++) {
    const { data, headers } = await client.rest<{ filename: string; previous_filename?: string }[]>(
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      { pull_number: number, per_page: PER_PAGE, page },
    );
    for (const f of data) {
      paths.add(f.filename);
      if (f.previous_filename) paths.add(f.previous_filename);
    }
    if (!hasNextPage(headers)) return [...paths];
  }
}

/** GitHub's `link` header names the next page while there is one. */
export const hasNextPage = (headers: Record<string, string>) => /rel="next"/.test(headers.link ?? '');

/** Finds the open pull request from `branch` (none can exist on a branch this adapter just created). */
export async function ensureMergeRequest(
  client: GitHubClient,
  spec: MergeRequestSpec,
): Promise<MergeRequest> {
  const existing = client.memo.createdRefs.has(spec.branch)
    ? undefined
    : await findPull(client, spec.branch, 'open');
  if (existing) return updatePull(client, existing, spec);
  let pr: PullJson;
  try {
    ({ data: pr } = await client.rest<PullJson>('POST /repos/{owner}/{repo}/pulls', {
      title: spec.title,
      body: spec.body,
      head: spec.branch,
      base: spec.target,
    }));
  } catch (error) {
    // 422 "A pull request already exists for owner:branch.": another replica opened it meanwhile.
    const raced =
      githubSaid(error, 422, /pull request already exists/i) && (await findPull(client, spec.branch, 'open'));
    if (raced) return updatePull(client, raced, spec);
    throw error;
  }
  client.memo.createdThreads.add(pr.number);
  if (spec.labels.length === 0) return toMergeRequest(pr);
  const { data: labels } = await client.rest<{ name: string }[]>(
    'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    { issue_number: pr.number, labels: [...spec.labels] },
  );
  return toMergeRequest({ ...pr, labels });
}

async function updatePull(client: GitHubClient, pr: PullJson, spec: MergeRequestSpec): Promise<MergeRequest> {
  let current = pr;
  if (pr.title !== spec.title || (pr.body ?? '') !== spec.body) {
    current = (
      await client.rest<PullJson>('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        pull_number: pr.number,
        title: spec.title,
        body: spec.body,
      })
    ).data;
  }
  const have = current.labels.map((l) => l.name).sort();
  const want = [...spec.labels].sort();
  if (have.join('\n') === want.join('\n')) return toMergeRequest(current);
  const { data: labels } = await client.rest<{ name: string }[]>(
    'PUT /repos/{owner}/{repo}/issues/{issue_number}/labels',
    { issue_number: pr.number, labels: want },
  );
  return toMergeRequest({ ...current, labels });
}
