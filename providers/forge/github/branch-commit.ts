import { type BranchCommit, BranchMovedError } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { BRANCH_LOOK } from './graphql-documents.ts';
import { githubSaid } from './request-error.ts';

interface Look {
  repository: {
    base: { tree: { oid: string } } | null;
    ref: { target: { oid: string; tree: { oid: string }; parents: { nodes: { oid: string }[] } } } | null;
  };
}

/**
 * Git Data API: one look (base tree and branch head in one GraphQL query), the tree with inline
 * contents, the commit, the ref. Four requests whatever the number of files. The tree is content
 * addressed, so an equal tree sha means the branch already carries exactly these changes.
 */
export async function ensureBranchCommit(
  client: GitHubClient,
  input: BranchCommit,
): Promise<{ sha: string; created: boolean }> {
  const look = await client.graphql<Look>(BRANCH_LOOK, {
    owner: client.owner,
    name: client.repo,
    base: input.base,
    ref: `refs/heads/${input.branch}`,
  });
  const baseTree = look.repository.base?.tree.oid;
  if (!baseTree)
    throw new Error(`base commit ${input.base} is not in ${client.owner}/${client.repo}: plan again`);
  const tree = await createTree(client, baseTree, input);
  const head = look.repository.ref?.target;
  const parents = head?.parents.nodes.map((p) => p.oid) ?? [];
  // Only a branch still at base, or carrying GUARD's own single commit on base, may be moved; a reset
  // (an earlier attempt's branch) is replaced whatever it holds.
  const ours = parents.length === 1 && parents[0] === input.base;
  if (head?.tree.oid === tree && (ours || !input.reset)) return { sha: head.oid, created: false };
  if (head && head.oid !== input.base && !ours && !input.reset) throw moved(input.branch);
  const { data: commit } = await client.rest<{ sha: string }>('POST /repos/{owner}/{repo}/git/commits', {
    message: input.message,
    tree,
    parents: [input.base],
  });
  client.memo.createdCommits.add(commit.sha);
  if (head) await moveRef(client, input.branch, commit.sha, head.oid !== input.base);
  else await createRef(client, input.branch, commit.sha);
  return { sha: commit.sha, created: true };
}

async function createTree(client: GitHubClient, baseTree: string, input: BranchCommit): Promise<string> {
  const tree = input.changes.map((c) => ({ path: c.path, mode: '100644', type: 'blob', content: c.content }));
  const { data } = await client.rest<{ sha: string }>('POST /repos/{owner}/{repo}/git/trees', {
    base_tree: baseTree,
    tree,
  });
  return data.sha;
}

async function createRef(client: GitHubClient, branch: string, sha: string): Promise<void> {
  try {
    await client.rest('POST /repos/{owner}/{repo}/git/refs', { ref: `refs/heads/${branch}`, sha });
    client.memo.createdRefs.add(branch);
  } catch (error) {
    // Someone created the branch between our look and this write (docs: git/refs, 422).
    if (githubSaid(error, 422, /Reference already exists/i)) throw moved(branch);
    throw error;
  }
}

/**
 * Moves the branch: a fast-forward from base is checked by GitHub (force: false refuses anything
 * else); replacing GUARD's own earlier commit needs force, right after the look that saw it.
 */
async function moveRef(client: GitHubClient, branch: string, sha: string, force: boolean): Promise<void> {
  try {
    await client.rest('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ref: `heads/${branch}`, sha, force });
  } catch (error) {
    // Someone pushed (or deleted the branch) between our look and this write (docs: git/refs, 422).
    if (githubSaid(error, 422, /not a fast forward|Reference does not exist/i)) throw moved(branch);
    throw error;
  }
}

const moved = (branch: string) =>
  new BranchMovedError(`branch ${branch} moved while GUARD was writing it: read it again and decide anew`);
