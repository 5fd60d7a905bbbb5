import { HttpResponse, http } from 'msw';
import {
  commentJson,
  GUARD_LOGIN,
  issueJson,
  labelJson,
  notFound,
  page,
  reactionJson,
  validationFailed,
} from './json.ts';
import { setPullState } from './pull-ops.ts';
import type { FakeGitHubState, FakeIssue, FakePull } from './state.ts';

interface IssueBody {
  title?: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
}

/** Issues, their labels, comments (also a pull request's conversation) and reactions. */
export function issueHandlers(s: FakeGitHubState, base = s.repoApi) {
  const thread = (n: unknown): FakeIssue | FakePull | undefined =>
    s.issues.get(Number(n)) ?? s.pulls.get(Number(n));
  const setLabels = (n: number, names: string[]) => {
    for (const name of names) s.addLabel(name);
    s.labelsOf.set(n, [...new Set(names)]);
    return HttpResponse.json(names.map((l) => labelJson(s, l)));
  };
  return [
    http.get(`${base}/issues`, ({ request }) => {
      const url = new URL(request.url);
      const state = url.searchParams.get('state') ?? 'open';
      const wanted = url.searchParams.get('labels')?.split(',') ?? [];
      const all = [...s.issues.values(), ...s.pulls.values()]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => wanted.every((l) => s.labelsOf.get(i.number)?.includes(l)))
        .sort((a, b) => b.number - a.number);
      const { slice, headers } = page(url, all);
      return HttpResponse.json(
        slice.map((i) => issueJson(s, i)),
        { headers },
      );
    }),
    http.post(`${base}/issues`, async ({ request }) => {
      const body = (await request.json()) as IssueBody;
      if (!body.title) {
        const missing = validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
        return HttpResponse.json(missing, { status: 422 });
      }
      const issue: FakeIssue = {
        number: s.nextNumber(),
        title: body.title,
        body: body.body ?? '',
        state: 'open',
        author: GUARD_LOGIN,
      };
      s.issues.set(issue.number, issue);
      setLabels(issue.number, body.labels ?? []);
      return HttpResponse.json(issueJson(s, issue), { status: 201 });
    }),
    http.patch(`${base}/issues/:number`, async ({ request, params }) => {
      const issue = thread(params.number);
      if (!issue) return HttpResponse.json(notFound(), { status: 404 });
      const body = (await request.json()) as IssueBody;
      if (body.title !== undefined) issue.title = body.title;
      if (body.body !== undefined) issue.body = body.body;
      if (body.labels) setLabels(issue.number, body.labels);
      if (body.state && 'head' in issue) setPullState(s, issue, body.state);
      else if (body.state) issue.state = body.state;
      return HttpResponse.json(issueJson(s, issue));
    }),
    http.post(`${base}/issues/:number/labels`, async ({ request, params }) => {
      const issue = thread(params.number);
      if (!issue) return HttpResponse.json(notFound(), { status: 404 });
      const { labels } = (await request.json()) as { labels: string[] };
      return setLabels(issue.number, [...(s.labelsOf.get(issue.number) ?? []), ...labels]);
    }),
    http.put(`${base}/issues/:number/labels`, async ({ request, params }) => {
      const issue = thread(params.number);
      if (!issue) return HttpResponse.json(notFound(), { status: 404 });
      return setLabels(issue.number, ((await request.json()) as { labels: string[] }).labels);
    }),
    http.get(`${base}/labels`, ({ request }) => {
      const { slice, headers } = page(new URL(request.url), [...s.labels.keys()]);
      return HttpResponse.json(
        slice.map((l) => labelJson(s, l)),
        { headers },
      );
    }),
    http.post(`${base}/labels`, async ({ request }) => {
      const body = (await request.json()) as { name: string; color?: string; description?: string };
      // docs: issues/labels#create-a-label: a name already taken is a 422 `already_exists`.
      if (s.labels.has(body.name)) {
        const taken = validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
        return HttpResponse.json(taken, { status: 422 });
      }
      s.labels.set(body.name, {
        name: body.name,
        color: body.color ?? 'ededed',
        description: body.description ?? null,
      });
      return HttpResponse.json(labelJson(s, body.name), { status: 201 });
    }),
    ...commentHandlers(s, base, thread),
  ];
}

function commentHandlers(s: FakeGitHubState, base: string, thread: (n: unknown) => unknown) {
  const comment = (id: unknown) => s.comments.find((c) => c.id === Number(id));
  return [
    http.get(`${base}/issues/:number/comments`, ({ request, params }) => {
      if (!thread(params.number)) return HttpResponse.json(notFound(), { status: 404 });
      const all = s.comments.filter((c) => c.issue === Number(params.number));
      const { slice, headers } = page(new URL(request.url), all);
      return HttpResponse.json(
        slice.map((c) => commentJson(s, c)),
        { headers },
      );
    }),
    http.post(`${base}/issues/:number/comments`, async ({ request, params }) => {
      if (!thread(params.number)) return HttpResponse.json(notFound(), { status: 404 });
      const { body } = (await request.json()) as { body: string };
      const c = {
        id: s.nextId(),
        issue: Number(params.number),
        author: GUARD_LOGIN,
        body,
        reactions: [],
        createdAt: s.iso(),
      };
      s.comments.push(c);
      return HttpResponse.json(commentJson(s, c), { status: 201 });
    }),
    http.patch(`${base}/issues/comments/:id`, async ({ request, params }) => {
      const c = comment(params.id);
      if (!c) return HttpResponse.json(notFound(), { status: 404 });
      c.body = ((await request.json()) as { body: string }).body;
      return HttpResponse.json(commentJson(s, c));
    }),
    http.post(`${base}/issues/comments/:id/reactions`, async ({ request, params }) => {
      const c = comment(params.id);
      if (!c) return HttpResponse.json(notFound(), { status: 404 });
      const { content } = (await request.json()) as { content: string };
      if (content !== 'eyes') throw new Error(`the fake GitHub only knows the eyes reaction, not ${content}`);
      const existed = c.reactions.includes(content);
      if (!existed) c.reactions.push(content);
      // docs: reactions: 200 with the reaction when it was there already, 201 when created.
      return HttpResponse.json(reactionJson(s, c.id * 10, 'eyes'), { status: existed ? 200 : 201 });
    }),
  ];
}
