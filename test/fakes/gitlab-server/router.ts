import { HttpResponse } from 'msw';
import type { ErrorBody } from './types.ts';
import type { FakeWorld } from './world.ts';

/** What a route handler gets: decoded path params, the query, the JSON body. */
export interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  url: URL;
  world: FakeWorld;
}

export type RouteHandler = (input: RouteInput) => Response;
export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handle: RouteHandler;
}

/**
 * `route('GET', 'projects/:id/repository/branches/:branch', …)`: matched against the raw path after
 * `/api/v4/`, so an encoded `group%2Fproject` or `guard%2Fistio` stays one parameter, as on GitLab.
 */
export function route(method: string, template: string, handle: RouteHandler): Route {
  const names: string[] = [];
  const source = template.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), names, handle };
}

export function match(routes: readonly Route[], method: string, path: string) {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    const params = Object.fromEntries(
      candidate.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]),
    );
    return { route: candidate, params };
  }
  return undefined;
}

export const json = <T>(body: T, status = 200) => HttpResponse.json(body as never, { status });

/**
 * GitLab's error body (docs.gitlab.com/api/rest/troubleshooting): `{"message": "404 Branch Not
 * Found"}`, a list of messages, or a field → messages map for a validation error.
 */
export const fail = (status: number, message: string | string[] | Record<string, string[]>) =>
  HttpResponse.json({ message } satisfies ErrorBody, { status });

/**
 * Offset pagination as docs.gitlab.com/api/rest/#offset-based-pagination describes it: `x-page`,
 * `x-per-page` (20 by default, 100 at most), `x-total`, `x-total-pages`, `x-next-page` and
 * `x-prev-page` (empty on the last and first page) and an RFC 8288 `link` header.
 */
export function paginate<T>(items: readonly T[], url: URL): Response {
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 20) || 20, 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  const at = (n: number) => {
    const link = new URL(url);
    link.searchParams.set('page', String(n));
    link.searchParams.set('per_page', String(perPage));
    return link.toString();
  };
  const links = [
    ...(page > 1 ? [`<${at(page - 1)}>; rel="prev"`] : []),
    ...(page < totalPages ? [`<${at(page + 1)}>; rel="next"`] : []),
    `<${at(1)}>; rel="first"`,
    `<${at(totalPages)}>; rel="last"`,
  ];
  headers.link = links.join(', ');
  return HttpResponse.json(slice as never, { headers });
}

/** 'desc' sorts newest first, as GitLab's `sort` parameter does. */
export function sorted<T>(items: T[], key: (item: T) => number, sort: string | null): T[] {
  const copy = [...items].sort((a, b) => key(a) - key(b));
  return sort === 'desc' ? copy.reverse() : copy;
}
