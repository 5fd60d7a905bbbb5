import { createHash } from 'node:crypto';
import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import type { AwardEmoji, Discussion, Note } from './types.ts';
import { authorJson, type FakeDiscussion, type FakeNote, type FakeWorld, isoNow } from './world.ts';

type Noteable = { type: 'MergeRequest' | 'Issue'; iid: number; id: number } | { type: 'Commit'; id: number };

/** A note as docs.gitlab.com/api/notes (and, for commits, api/discussions) shows it. */
function noteJson(world: FakeWorld, note: FakeNote, on: Noteable): Note {
  return {
    id: note.id,
    type: on.type === 'Commit' ? 'DiscussionNote' : null,
    body: note.body,
    attachment: null,
    author: authorJson(world, note.author),
    created_at: note.created_at,
    updated_at: note.created_at,
    system: note.system,
    noteable_id: on.id,
    noteable_type: on.type,
    noteable_iid: on.type === 'Commit' ? null : on.iid,
    project_id: world.project.id,
    resolvable: false,
    confidential: false,
    internal: false,
  };
}

function newNote(world: FakeWorld, body: unknown): FakeNote {
  return {
    id: world.nextId(),
    body: String(body),
    author: world.botUser,
    system: false,
    created_at: isoNow(world),
    awards: [],
  };
}

/** Notes and emoji reactions on MRs and issues: the same routes under either noun. */
function threadRoutes(kind: 'merge_requests' | 'issues'): Route[] {
  const P = `projects/:id/${kind}/:iid/notes`;
  const thread = (world: FakeWorld, iid: string | undefined) => {
    const owner =
      kind === 'merge_requests'
        ? world.mergeRequests.find((m) => m.iid === Number(iid))
        : world.issues.find((i) => i.iid === Number(iid));
    if (!owner) return undefined;
    const key = `${kind === 'merge_requests' ? 'mr' : 'issue'}:${iid}`;
    if (!world.notes.has(key)) world.notes.set(key, []);
    const on: Noteable = {
      type: kind === 'merge_requests' ? 'MergeRequest' : 'Issue',
      iid: Number(iid),
      id: 'id' in owner ? owner.id : Number(iid) + 5000,
    };
    return { notes: world.notes.get(key)!, on };
  };
  const missing = kind === 'merge_requests' ? '404 Merge Request Not Found' : '404 Issue Not Found';
  return [
    route('GET', P, ({ world, params, url }) => {
      const found = thread(world, params.iid);
      if (!found) return fail(404, missing);
      const items = sorted(found.notes, (n) => n.id, url.searchParams.get('sort') ?? 'desc');
      return paginate(
        items.map((n) => noteJson(world, n, found.on)),
        url,
      );
    }),
    route('POST', P, ({ world, params, body }) => {
      const found = thread(world, params.iid);
      if (!found) return fail(404, missing);
      const note = newNote(world, body.body);
      found.notes.push(note);
      return json(noteJson(world, note, found.on), 201);
    }),
    route('PUT', `${P}/:note`, ({ world, params, body }) => {
      const found = thread(world, params.iid);
      const note = found?.notes.find((n) => n.id === Number(params.note));
      if (!found || !note) return fail(404, '404 Note Not Found');
      // GitLab lets only a note's author edit its text, whatever the editor's role.
      if (note.author !== world.botUser) return fail(403, '403 Forbidden');
      note.body = String(body.body);
      return json(noteJson(world, note, found.on));
    }),
    route('POST', `${P}/:note/award_emoji`, ({ world, params, body }) => {
      const note = thread(world, params.iid)?.notes.find((n) => n.id === Number(params.note));
      if (!note) return fail(404, '404 Note Not Found');
      const name = String(body.name);
      if (note.awards.some((a) => a.name === name && a.user === world.botUser)) {
        return fail(404, '404 Award Emoji Name has already been taken');
      }
      note.awards.push({ name, user: world.botUser });
      const award: AwardEmoji = {
        id: world.nextId(),
        name,
        user: authorJson(world, world.botUser),
        created_at: isoNow(world),
        updated_at: isoNow(world),
        awardable_id: note.id,
        awardable_type: 'Note',
      };
      return json(award, 201);
    }),
  ];
}

function discussionJson(world: FakeWorld, d: FakeDiscussion): Discussion {
  const on: Noteable = { type: 'Commit', id: world.project.id };
  return { id: d.id, individual_note: false, notes: d.notes.map((n) => noteJson(world, n, on)) };
}

/** Threads on a commit (docs.gitlab.com/api/discussions/#commits); notes are reached through them. */
function commitDiscussionRoutes(): Route[] {
  const P = 'projects/:id/repository/commits/:sha/discussions';
  const threads = (world: FakeWorld, sha: string | undefined) => {
    const commit = world.repo.resolve(sha ?? '');
    if (!commit) return undefined;
    if (!world.commitDiscussions.has(commit.sha)) world.commitDiscussions.set(commit.sha, []);
    return world.commitDiscussions.get(commit.sha)!;
  };
  return [
    route('GET', P, ({ world, params, url }) => {
      const found = threads(world, params.sha);
      if (!found) return fail(404, '404 Commit Not Found');
      return paginate(
        found.map((d) => discussionJson(world, d)),
        url,
      );
    }),
    route('POST', P, ({ world, params, body }) => {
      const found = threads(world, params.sha);
      if (!found) return fail(404, '404 Commit Not Found');
      if (typeof body.body !== 'string' || body.body === '') return json({ error: 'body is missing' }, 400);
      const id = createHash('sha1').update(`discussion ${world.nextId()}`).digest('hex');
      const discussion = { id, notes: [newNote(world, body.body)] };
      found.push(discussion);
      return json(discussionJson(world, discussion), 201);
    }),
    route('PUT', `${P}/:discussion/notes/:note`, ({ world, params, body }) => {
      const discussion = threads(world, params.sha)?.find((d) => d.id === params.discussion);
      const note = discussion?.notes.find((n) => n.id === Number(params.note));
      if (!note) return fail(404, '404 Note Not Found');
      if (note.author !== world.botUser) return fail(403, '403 Forbidden');
      note.body = String(body.body);
      return json(noteJson(world, note, { type: 'Commit', id: world.project.id }));
    }),
  ];
}

export function noteRoutes(): Route[] {
  return [...threadRoutes('merge_requests'), ...threadRoutes('issues'), ...commitDiscussionRoutes()];
}
