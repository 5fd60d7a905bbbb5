import { type Thread, withMarker } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { hasNextPage } from './merge-requests.ts';
import { type Authored, writtenByGuard } from './written-by-guard.ts';

interface CommentJson extends Authored {
  id: number;
  body?: string;
}

/** Finds GUARD's own comment carrying `marker` on the thread, oldest first, over every page. */
async function findByMarker(client: GitHubClient, number: number, marker: string) {
  for (let page = 1; ; page++) {
    const { data, headers } = await client.rest<CommentJson[]>(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { issue_number: number, per_page: 100, page },
    );
    const found = data.find((c) => c.body?.includes(marker) && writtenByGuard(client, c));
    if (found || !hasNextPage(headers)) return found;
  }
}

/**
 * Edits the sticky comment in place or creates it. The comment id this adapter last wrote is tried
 * first, and a thread it opened itself cannot hold the marker yet; both save a listing.
 */
export async function ensureComment(
  client: GitHubClient,
  input: { on: Thread; marker: string; body: string },
): Promise<{ id: number; created: boolean }> {
  const key = `${input.on.number}\n${input.marker}`;
  const body = withMarker(input.marker, input.body);
  const known = client.memo.comments.get(key);
  if (known !== undefined && (await editComment(client, known, body))) return { id: known, created: false };
  if (known === undefined && !client.memo.createdThreads.has(input.on.number)) {
    const found = await findByMarker(client, input.on.number, input.marker);
    if (found) {
      if (found.body !== body) await editComment(client, found.id, body);
      client.memo.comments.set(key, found.id);
      return { id: found.id, created: false };
    }
  }
  const { id } = await addComment(client, { on: input.on, body });
  client.memo.comments.set(key, id);
  return { id, created: true };
}

/** False when the comment is gone (deleted by someone). */
async function editComment(client: GitHubClient, id: number, body: string): Promise<boolean> {
  try {
    await client.rest('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: id, body });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

export async function addComment(
  client: GitHubClient,
  input: { on: Thread; body: string },
): Promise<{ id: number }> {
  const { data } = await client.rest<CommentJson>(
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    {
      issue_number: input.on.number,
      body: input.body,
    },
  );
  return { id: data.id };
}

/** GitHub answers 200 with the existing reaction when it is there already, so this is idempotent. */
export async function addReaction(
  client: GitHubClient,
  input: { on: Thread; commentId: number; reaction: 'eyes' },
): Promise<void> {
  await client.rest('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
    comment_id: input.commentId,
    content: input.reaction,
  });
}
