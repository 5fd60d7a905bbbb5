import type { GitLabClient } from './client.ts';
import { GitLabApiError } from './create-gitlab-api.ts';

/** GitLab's GraphQL `blobs(paths:)` takes at most this many paths per query. */
export const BLOBS_PER_QUERY = 50;

const BLOBS_QUERY = `query guardBlobs($path: ID!, $ref: String!, $paths: [String!]!) {
  project(fullPath: $path) {
    repository { blobs(ref: $ref, paths: $paths) { nodes { path rawTextBlob } } }
  }
}`;

interface BlobsAnswer {
  project: { repository: { blobs: { nodes: { path: string; rawTextBlob: string | null }[] } } } | null;
}

/** The default branch and its head: the project, then its branch (2 requests). */
export async function defaultBranch(client: GitLabClient): Promise<{ name: string; sha: string }> {
  const project = await client.get<{ default_branch: string }>(client.project());
  const branch = await client.get<{ commit: { id: string } }>(
    client.project(`repository/branches/${encodeURIComponent(project.default_branch)}`),
  );
  return { name: project.default_branch, sha: branch.commit.id };
}

/** Files at `ref`, ⌈N/50⌉ GraphQL queries; the map keeps the order of `paths`. */
export async function readFiles(
  client: GitLabClient,
  projectPath: string,
  ref: string,
  paths: readonly string[],
): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string>();
  const unique = [...new Set(paths)];
  for (let i = 0; i < unique.length; i += BLOBS_PER_QUERY) {
    const batch = unique.slice(i, i + BLOBS_PER_QUERY);
    const data = await client.graphql<BlobsAnswer>(BLOBS_QUERY, { path: projectPath, ref, paths: batch });
    if (!data.project)
      throw new Error(
        `GitLab project ${projectPath} is not visible to GUARD's token; check GITLAB_TOKEN's access`,
      );
    for (const node of data.project.repository.blobs.nodes) {
      // rawTextBlob is null for binary files: GUARD edits text only, so those read as absent.
      if (node.rawTextBlob !== null) found.set(node.path, node.rawTextBlob);
    }
  }
  return new Map(paths.map((path) => [path, found.get(path)]));
}

/** Every file below `dir` at `ref` ("" for the whole tree), sorted; a missing dir lists nothing. */
export async function listFiles(client: GitLabClient, ref: string, dir: string): Promise<string[]> {
  const path = dir.replace(/\/+$/, '') || undefined;
  try {
    const entries = await client.getAll<{ path: string; type: string }>(client.project('repository/tree'), {
      ref,
      path,
      recursive: true,
    });
    return entries
      .filter((entry) => entry.type === 'blob')
      .map((entry) => entry.path)
      .sort();
  } catch (error) {
    // GitLab answers 404 "Tree Not Found" for a directory that does not exist at `ref`.
    if (error instanceof GitLabApiError && error.status === 404) return [];
    throw error;
  }
}
