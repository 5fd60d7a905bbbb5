import { HttpResponse, http } from 'msw';
import { GUARD_LOGIN, notFound, page, refused, validationFailed } from './json.ts';
import { pullJson, pullSimpleJson } from './pull-json.ts';
import { changedEntries, mergeability, mergePull, setPullState } from './pull-ops.ts';
import type { Schema } from './rest-people.ts';
import type { FakeGitHubState } from './state.ts';

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

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
        slice.map((p) => pullSimpleJson(s, p)),
        { headers },
      );
    }),
    http.post(base, async ({ request }) => {
      const body = (await request.json()) as { title: string; body?: string; head: string; base: string };
      const docs = `${DOCS}#create-a-pull-request`;
      const head = s.git.refs.get(body.head);
      if (!head)
        return HttpResponse.json(
          validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }], docs),
          {
            status: 422,
          },
        );
      // docs: one open pull request per head and base; another is refused with this error.
      if ([...s.pulls.values()].some((p) => p.head === body.head && p.state === 'open' && !p.fork)) {
        const message = `A pull request already exists for ${s.owner}:${body.head}.`;
        return HttpResponse.json(
          validationFailed([{ resource: 'PullRequest', code: 'custom', message }], docs),
          {
            status: 422,
          },
        );
      }
      if (s.git.ancestors(s.git.refs.get(body.base)).has(head)) {
        const message = `No commits between ${body.base} and ${body.head}`;
        return HttpResponse.json(
          validationFailed([{ resource: 'PullRequest', code: 'custom', message }], docs),
          {
            status: 422,
          },
        );
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
      const files = changedEntries(s, pull).map((e): Schema<'diff-entry'> => {
        const sha = e.text === undefined ? null : s.git.blobSha(e.text);
        const at = `${s.urls.web}/${s.owner}/${s.repo}/blob/${s.pullHead(pull)}/${e.path}`;
        return {
          sha,
          filename: e.path,
          status: e.status,
          additions: e.additions,
          deletions: e.deletions,
          changes: e.additions + e.deletions,
          blob_url: at,
          raw_url: at.replace('/blob/', '/raw/'),
          contents_url: `${s.repoApi}/contents/${e.path}?ref=${s.pullHead(pull)}`,
        };
      });
      const { slice, headers } = page(new URL(request.url), files);
      return HttpResponse.json(slice, { headers });
    }),
    http.put(`${base}/:number/merge`, async ({ request, params }) => {
      const pull = find(params.number);
      if (!pull) return HttpResponse.json(notFound(), { status: 404 });
      const body = (await request.json()) as { sha?: string };
      const docs = `${DOCS}#merge-a-pull-request`;
      // docs: 405 when the merge cannot be performed, 409 when `sha` is not the head any more.
      if (pull.state !== 'open' || !mergeability(s, pull).mergeable)
        return HttpResponse.json(refused('Pull Request is not mergeable', 405, docs), { status: 405 });
      if (body.sha && body.sha !== s.pullHead(pull)) {
        const message = 'Head branch was modified. Review and try the merge again.';
        return HttpResponse.json(refused(message, 409, docs), { status: 409 });
      }
      const sha = mergePull(s, pull);
      pull.mergedBy = GUARD_LOGIN;
      const result: Schema<'pull-request-merge-result'> = {
        sha,
        merged: true,
        message: 'Pull Request successfully merged',
      };
      return HttpResponse.json(result);
    }),
  ];
}
