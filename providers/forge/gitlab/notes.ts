import { type Thread, withMarker } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { GitLabApiError } from './gitlab-api-error.ts';
import { collect, page } from './resources.ts';

interface Note {
  id: number;
  body: string;
  system: boolean;
  author?: { id: number } | null;
}

/** GUARD's own note carrying `marker`: never a system note, never someone else's copy of the marker. */
export const isOwnNote = (me: number, marker: string) => (note: Note) =>
  !note.system && note.author?.id === me && note.body.includes(marker);

/** The notes API of an MR or an issue (gitbeaker's MergeRequestNotes or IssueNotes). */
function notesOf(ctx: GitLabContext, on: Thread) {
  return on.kind === 'mr' ? ctx.gl.MergeRequestNotes : ctx.gl.IssueNotes;
}

/**
 * Finds the note carrying `marker` (oldest first, paging until found) and edits it when the body
 * differs, or creates it. Only a note GUARD's token wrote counts: anyone who may comment can post
 * the marker, and adopting their note would mean editing it (which GitLab refuses) forever. System
 * notes ("added 1 commit") never count.
 */
export async function ensureComment(ctx: GitLabContext, input: { on: Thread; marker: string; body: string }) {
  const body = withMarker(input.marker, input.body);
  const notes = notesOf(ctx, input.on);
  const own = isOwnNote(await ctx.botUserId(), input.marker);
  const listed = await collect<Note>(
    (n) => notes.all(ctx.project, input.on.number, { sort: 'asc', orderBy: 'created_at', ...page(n) }),
    (items) => items.some(own),
  );
  const sticky = listed.find(own);
  if (!sticky) {
    const created = await notes.create(ctx.project, input.on.number, body);
    return { id: created.id, created: true };
  }
  if (sticky.body !== body) await notes.edit(ctx.project, input.on.number, sticky.id, { body });
  return { id: sticky.id, created: false };
}

export async function addComment(ctx: GitLabContext, input: { on: Thread; body: string }) {
  const created = await notesOf(ctx, input.on).create(ctx.project, input.on.number, input.body);
  return { id: created.id };
}

/**
 * Awards 👀 (`eyes`) on a note. GitLab refuses a second award of the same emoji by the same user
 * ("has already been taken"; 404 or 409 depending on the version): that is the state wanted.
 */
export async function addReaction(
  ctx: GitLabContext,
  input: { on: Thread; commentId: number; reaction: 'eyes' },
) {
  const awards = input.on.kind === 'mr' ? ctx.gl.MergeRequestNoteAwardEmojis : ctx.gl.IssueNoteAwardEmojis;
  try {
    await awards.award(ctx.project, input.on.number, input.commentId, input.reaction);
  } catch (error) {
    const already =
      error instanceof GitLabApiError &&
      [400, 404, 409].includes(error.status) &&
      /already|taken/i.test(error.description);
    if (!already) throw error;
  }
}
