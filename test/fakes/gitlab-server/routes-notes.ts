import { fail, json, paginate, type Route, route, sorted } from './router.ts';
import { authorJson, type FakeNote, type FakeWorld, isoNow } from './world.ts';

function noteJson(world: FakeWorld, note: FakeNote, kind: string, iid: number) {
  return {
    id: note.id,
    type: null,
    body: note.body,
    author: authorJson(world, note.author),
    created_at: note.created_at,
    updated_at: note.created_at,
    system: note.system,
    noteable_type: kind === 'merge_requests' ? 'MergeRequest' : 'Issue',
    noteable_iid: iid,
    project_id: world.project.id,
  };
}

/** Notes and award emoji on MRs and issues: the same routes under either noun. */
export function noteRoutes(): Route[] {
  return ['merge_requests', 'issues'].flatMap((kind) => {
    const P = `projects/:id/${kind}/:iid/notes`;
    const thread = (world: FakeWorld, iid: string | undefined) => {
      const exists =
        kind === 'merge_requests'
          ? world.mergeRequests.some((m) => m.iid === Number(iid))
          : world.issues.some((i) => i.iid === Number(iid));
      if (!exists) return undefined;
      const key = `${kind === 'merge_requests' ? 'mr' : 'issue'}:${iid}`;
      if (!world.notes.has(key)) world.notes.set(key, []);
      return world.notes.get(key)!;
    };
    return [
      route('GET', P, ({ world, params, url }) => {
        const notes = thread(world, params.iid);
        if (!notes) return fail(404, '404 Not found');
        const items = sorted(notes, (n) => n.id, url.searchParams.get('sort') ?? 'desc');
        return paginate(
          items.map((n) => noteJson(world, n, kind, Number(params.iid))),
          url,
        );
      }),
      route('POST', P, ({ world, params, body }) => {
        const notes = thread(world, params.iid);
        if (!notes) return fail(404, '404 Not found');
        const note = {
          id: world.nextId(),
          body: String(body.body),
          author: world.botUser,
          system: false,
          created_at: isoNow(world),
          awards: [],
        };
        notes.push(note);
        return json(noteJson(world, note, kind, Number(params.iid)), 201);
      }),
      route('PUT', `${P}/:note`, ({ world, params, body }) => {
        const note = thread(world, params.iid)?.find((n) => n.id === Number(params.note));
        if (!note) return fail(404, '404 Note Not Found');
        // GitLab lets only a note's author edit its text, whatever the editor's role.
        if (note.author !== world.botUser) return fail(403, '403 Forbidden');
        note.body = String(body.body);
        return json(noteJson(world, note, kind, Number(params.iid)));
      }),
      route('POST', `${P}/:note/award_emoji`, ({ world, params, body }) => {
        const note = thread(world, params.iid)?.find((n) => n.id === Number(params.note));
        if (!note) return fail(404, '404 Note Not Found');
        const name = String(body.name);
        if (note.awards.some((a) => a.name === name && a.user === world.botUser)) {
          return fail(404, '404 Award Emoji Name has already been taken');
        }
        note.awards.push({ name, user: world.botUser });
        return json(
          {
            id: world.nextId(),
            name,
            user: { username: world.botUser },
            awardable_id: note.id,
            awardable_type: 'Note',
          },
          201,
        );
      }),
    ];
  });
}
