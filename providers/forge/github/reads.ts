import type { GitHubClient } from './client.ts';
import { conditionalGet } from './conditional-get.ts';
import type { EtagCache } from './etag-cache.ts';
import { PATHS_PER_QUERY, readBlobs } from './graphql-documents.ts';

export { PATHS_PER_QUERY } from './graphql-documents.ts';

interface BlobNode {
  text: string | null;
  isTruncated: boolean;
  isBinary: boolean | null;
}

/**
 * The default branch and its head, as two conditional REST reads (the repository for the branch's
 * name, then the branch's ref): every tick asks this of every repository, and while nothing moved
 * both answer 304, which costs no rate limit.
 */
export async function defaultBranch(
  client: GitHubClient,
  etags: EtagCache,
): Promise<{ name: string; sha: string }> {
  const repo = await conditionalGet<{ default_branch?: string }>(
    client,
    etags,
    'GET /repos/{owner}/{repo}',
    {},
  );
  const name = repo.default_branch;
  const noBranch = () =>
    new Error(`${client.owner}/${client.repo} has no default branch: push a first commit`);
  if (!name) throw noBranch();
  try {
    const ref = await conditionalGet<{ object: { sha: string } }>(
      client,
      etags,
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { ref: `heads/${name}` },
    );
    return { name, sha: ref.object.sha };
  } catch (error) {
    // An empty repository names a default branch that has no ref yet (GitHub answers 404 or 409).
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 409) throw noBranch();
    throw error;
  }
}

/** Reads files in GraphQL batches of `PATHS_PER_QUERY`; blobs GraphQL truncates come from REST contents. */
export async function readFiles(
  client: GitHubClient,
  ref: string,
  paths: readonly string[],
): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>(paths.map((p) => [p, undefined]));
  for (let i = 0; i < paths.length; i += PATHS_PER_QUERY) {
    const batch = paths.slice(i, i + PATHS_PER_QUERY);
    const blobs = await readBatch(client, ref, batch);
    for (const [j, path] of batch.entries()) {
      const blob = blobs[j];
      if (!blob) continue;
      found.set(path, blob.isTruncated || blob.text === null ? await readRaw(client, ref, path) : blob.text);
    }
  }
  return found;
}

async function readBatch(client: GitHubClient, ref: string, batch: readonly string[]) {
  const variables: Record<string, string> = { owner: client.owner, name: client.repo };
  for (const [j, path] of batch.entries()) variables[`e${j}`] = `${ref}:${path}`;
  const data = await client.graphql<{ repository: Record<string, BlobNode | null> }>(
    readBlobs(batch.length),
    variables,
  );
  return batch.map((_, j) => data.repository[`f${j}`] ?? undefined);
}

async function readRaw(client: GitHubClient, ref: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await client.rest<string>('GET /repos/{owner}/{repo}/contents/{path}', {
      path,
      ref,
      mediaType: { format: 'raw' },
    });
    return data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** Every blob below `dir` (one recursive tree request). */
export async function listFiles(client: GitHubClient, ref: string, dir: string): Promise<string[]> {
  const { data } = await client.rest<{ tree: { path: string; type: string }[]; truncated: boolean }>(
    'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
    { tree_sha: ref, recursive: '1' },
  );
  if (data.truncated) {
    throw new Error(
      `the tree of ${ref} is too large for one listing: keep the fleet repository under 100,000 files`,
    );
  }
  const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
  return data.tree
    .filter((e) => e.type === 'blob' && e.path.startsWith(prefix))
    .map((e) => e.path)
    .sort();
}
