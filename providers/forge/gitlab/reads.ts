import type { GitLabContext } from './context.ts';
import { isGitLabError } from './gitlab-api-error.ts';
import { collect, page } from './resources.ts';

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

/**
 * The default branch and its head: its branch alone (1 request) when the process knows the name
 * (or its state store does), else the project, then its branch (2 requests).
 */
export async function defaultBranch(ctx: GitLabContext): Promise<{ name: string; sha: string }> {
  const known = await ctx.branchNames?.get(ctx.project);
  if (known !== undefined) {
    try {
      const branch = await ctx.gl.Branches.show(ctx.project, known);
      return { name: known, sha: branch.commit.id };
    } catch (error) {
      // GitLab answers 404 "Branch Not Found": the default branch was renamed and the old one deleted.
      if (!isGitLabError(error, 404)) throw error;
      await ctx.branchNames?.forget(ctx.project, known);
    }
  }
  const { default_branch: name } = await ctx.projectInfo();
  const branch = await ctx.gl.Branches.show(ctx.project, name);
  await ctx.branchNames?.set(ctx.project, name);
  return { name, sha: branch.commit.id };
}

/** Files at `ref`, ⌈N/50⌉ GraphQL queries; the map keeps the order of `paths`. */
export async function readFiles(
  ctx: GitLabContext,
  ref: string,
  paths: readonly string[],
): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string>();
  const unique = [...new Set(paths)];
  for (let i = 0; i < unique.length; i += BLOBS_PER_QUERY) {
    const batch = unique.slice(i, i + BLOBS_PER_QUERY);
    const data = await ctx.gl.graphql<BlobsAnswer>(BLOBS_QUERY, { path: ctx.project, ref, paths: batch });
    if (!data.project)
      throw new Error(
        `GitLab project ${ctx.project} is not visible to GUARD's token; check GITLAB_TOKEN's access`,
      );
    for (const node of data.project.repository.blobs.nodes) {
      // rawTextBlob is null for binary files: GUARD edits text only, so those read as absent.
      if (node.rawTextBlob !== null) found.set(node.path, node.rawTextBlob);
    }
  }
  return new Map(paths.map((path) => [path, found.get(path)]));
}

/** Every file below `dir` at `ref` ("" for the whole tree), sorted; a missing dir lists nothing. */
export async function listFiles(ctx: GitLabContext, ref: string, dir: string): Promise<string[]> {
  const path = dir.replace(/\/+$/, '') || undefined;
  try {
    const entries = await collect<{ path: string; type: string }>((n) =>
      ctx.gl.Repositories.allRepositoryTrees(ctx.project, {
        ref,
        ...(path ? { path } : {}),
        recursive: true,
        ...page(n),
      } as never),
    );
    return entries
      .filter((entry) => entry.type === 'blob')
      .map((entry) => entry.path)
      .sort();
  } catch (error) {
    // GitLab answers 404 "Tree Not Found" for a directory that does not exist at `ref`.
    if (isGitLabError(error, 404)) return [];
    throw error;
  }
}
