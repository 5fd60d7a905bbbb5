import type { Thread } from '../../../src/ports/forge.ts';
import type { GitLabClient } from './client.ts';
import { GitLabApiError } from './create-gitlab-api.ts';

interface Note {
  id: number;
  body: string;
  system: boolean;
  author?: { id: number } | null;
}

const notesPath = (client: GitLabClient, on: Thread) =>
  client.project(`${on.kind === 'mr' ? 'merge_requests' : 'issues'}/${on.number}/notes`);

/** The body as stored: the marker leads it, hidden in rendered markdown, so it can be found again. */
export function withMarker(marker: string, body: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

/**
 * Finds the note carrying `marker` (oldest first, paging until found) and edits it when the body
 * differs, or creates it. Only a note GUARD's token wrote counts: anyone who may comment can post
 * the marker, and adopting their note would mean editing it (which GitLab refuses) forever. System
 * notes ("added 1 commit") never count.
 */
export async function ensureComment(
  client: GitLabClient,
  input: { on: Thread; marker: string; body: string },
) {
  const body = withMarker(input.marker, input.body);
  const me = await client.botUserId();
  const isSticky = (note: Note) => !note.system && note.author?.id === me && note.body.includes(input.marker);
  const notes = await client.getAll<Note>(
    notesPath(client, input.on),
    { sort: 'asc', order_by: 'created_at' },
    (page) => page.some(isSticky),
  );
  const sticky = notes.find(isSticky);
  if (!sticky) {
    const created = await client.post<Note>(notesPath(client, input.on), { body });
    return { id: created.id, created: true };
  }
  if (sticky.body !== body) await client.put(`${notesPath(client, input.on)}/${sticky.id}`, { body });
  return { id: sticky.id, created: false };
}

export async function addComment(client: GitLabClient, input: { on: Thread; body: string }) {
  const created = await client.post<Note>(notesPath(client, input.on), { body: input.body });
  return { id: created.id };
}

/**
 * Awards 👀 (`eyes`) on a note. GitLab refuses a second award of the same emoji by the same user
 * ("has already been taken"; 404 or 409 depending on the version): that is the state wanted.
 */
export async function addReaction(
  client: GitLabClient,
  input: { on: Thread; commentId: number; reaction: 'eyes' },
) {
  try {
    await client.post(`${notesPath(client, input.on)}/${input.commentId}/award_emoji`, {
      name: input.reaction,
    });
  } catch (error) {
    const already =
      error instanceof GitLabApiError &&
      [400, 404, 409].includes(error.status) &&
      /already|taken/i.test(error.description);
    if (!already) throw error;
  }
}
