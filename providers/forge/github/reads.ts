import type { GitHubClient } from './client.ts';
import { DEFAULT_BRANCH, PATHS_PER_QUERY, readBlobs } from './graphql-documents.ts';

export { PATHS_PER_QUERY } from './graphql-documents.ts';

interface BlobNode {
  text: string | null;
  isTruncated: boolean;
  isBinary: boolean | null;
}

export async function defaultBranch(client: GitHubClient): Promise<{ name: string; sha: string }> {
  const data = await client.graphql<{
    repository: { defaultBranchRef: { name: string; target: { oid: string } } | null };
  }>(DEFAULT_BRANCH, { owner: client.owner, name: client.repo });
  const ref = data.repository.defaultBranchRef;
  if (!ref) throw new Error(`${client.owner}/${client.repo} has no default branch: push a first commit`);
  return { name: ref.name, sha: ref.target.oid };
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
