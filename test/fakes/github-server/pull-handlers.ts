import { HttpResponse, http } from 'msw';
import { GUARD_LOGIN, invalid, notFound, page, pullJson } from './json.ts';
import { changedPaths, mergePull, setPullState } from './pull-ops.ts';
import type { FakeGitHubState } from './state.ts';

/** Pull requests: list, create, read, update, files, merge. */
export function pullHandlers(s: FakeGitHubState, base = `${s.repoApi}/pulls`) {
  const find = (n: unknown) => s.pulls.get(Number(n));
  return [
    http.get(base, ({ request }) => {
      const url = new URL(request.url);
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      const pulls = [...s.pulls.values()]
        .filter((p) => !head || `${p.fork?.owner ?? s.owner}:${p.head}` === head)
        .filter((p) => state === 'all' || p.state === state)
        .sort((a, b) =>
          url.searchParams.get('direction') === 'asc' ? a.number - b.number : b.number - a.number,
        );
      const { slice, headers } = page(url, pulls);
      return HttpResponse.json(
        slice.map((p) => pullJson(s, p)),
        { headers },
      );
    }),
    http.post(base, async ({ request }) => {
      const body = (await request.json()) as { title: string; body?: string; head: string; base: string };
      if (!s.git.refs.has(body.head))
        return HttpResponse.json(invalid('Validation Failed: head invalid'), { status: 422 });
      if ([...s.pulls.values()].some((p) => p.head === body.head && p.state === 'open' && !p.fork)) {
        return HttpResponse.json(invalid(`A pull request already exists for ${s.owner}:${body.head}.`), {
          status: 422,
        });
      }
      const number = s.nextNumber();
      const pull = {
        number,
        title: body.title,
        body: body.body ?? '',
        head: body.head,
        base: body.base,
        state: 'open' as const,
        mergedAt: null,
        mergeSha: null,
        author: GUARD_LOGIN,
        createdAt: s.iso(),
      };
      s.pulls.set(number, pull);
      return HttpResponse.json(pullJson(s, pull), { status: 201 });
    }),
    http.get(`${base}/:number`, ({ params }) => {
      const pull = find(params.number);
      return pull ? HttpResponse.json(pullJson(s, pull)) : HttpResponse.json(notFound(), { status: 404 });
    }),
    http.patch(`${base}/:number`, async ({ request, params }) => {
      const pull = find(params.number);
      if (!pull) return HttpResponse.json(notFound(), { status: 404 });
      const body = (await request.json()) as { title?: string; body?: string; state?: 'open' | 'closed' };
      if (body.title !== undefined) pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body;
      if (body.state && !pull.mergedAt) setPullState(s, pull, body.state);
      return HttpResponse.json(pullJson(s, pull));
    }),
    http.get(`${base}/:number/files`, ({ request, params }) => {
      const pull = find(params.number);
      if (!pull) return HttpResponse.json(notFound(), { status: 404 });
      const files = changedPaths(s, pull).map((filename) => ({ filename, status: 'modified' }));
      const { slice, headers } = page(new URL(request.url), files);
      return HttpResponse.json(slice, { headers });
    }),
    http.put(`${base}/:number/merge`, async ({ request, params }) => {
      const pull = find(params.number);
      if (!pull) return HttpResponse.json(notFound(), { status: 404 });
      const body = (await request.json()) as { sha?: string };
      if (pull.state !== 'open')
        return HttpResponse.json({ message: 'Pull Request is not mergeable' }, { status: 405 });
      if (body.sha && body.sha !== s.pullHead(pull)) {
        return HttpResponse.json(
          { message: 'Head branch was modified. Review and try the merge again.' },
          { status: 409 },
        );
      }
      const sha = mergePull(s, pull);
      return HttpResponse.json({ sha, merged: true, message: 'Pull Request successfully merged' });
    }),
  ];
}
