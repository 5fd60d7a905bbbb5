import { withMarker } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { isOwnNote } from './notes.ts';
import { collect, page } from './resources.ts';

interface Discussion {
  id: string;
  notes?: { id: number; body: string; system: boolean; author?: { id: number } | null }[];
}

/**
 * GUARD's one note on a commit carrying `marker`, created or edited in place, and its web link
 * (`<project web_url>/-/commit/<sha>#note_<id>`). Commit notes are reached through the Discussions
 * API (docs.gitlab.com/api/discussions/#commits): the older `…/commits/:sha/comments` answers carry
 * no note id, so they can be neither edited nor linked to. Only a note GUARD's token wrote counts.
 */
export async function ensureCommitNote(
  ctx: GitLabContext,
  input: { sha: string; marker: string; body: string },
): Promise<{ id: number; url: string }> {
  const body = withMarker(input.marker, input.body);
  const own = isOwnNote(await ctx.botUserId(), input.marker);
  const discussions = await collect<Discussion>(
    (n) => ctx.gl.CommitDiscussions.all(ctx.project, input.sha, page(n)),
    (items) => items.some((d) => d.notes?.some(own)),
  );
  const thread = discussions.find((d) => d.notes?.some(own));
  const note = thread?.notes?.find(own);
  let id: number;
  if (thread && note) {
    if (note.body !== body)
      await ctx.gl.CommitDiscussions.editNote(ctx.project, input.sha, thread.id, note.id, { body });
    id = note.id;
  } else {
    const created = (await ctx.gl.CommitDiscussions.create(ctx.project, input.sha, body)) as Discussion;
    const first = created.notes?.[0];
    if (!first) throw new Error(`GitLab created a thread on ${input.sha.slice(0, 12)} without its note`);
    id = first.id;
  }
  const { web_url: web } = await ctx.projectInfo();
  return { id, url: `${web}/-/commit/${input.sha}#note_${id}` };
}
