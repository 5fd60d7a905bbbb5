import { getResponse, HttpResponse, http } from 'msw';
import { answerGraphql } from './graphql.ts';
import { fail, match } from './router.ts';
import { mergeRequestRoutes } from './routes-merge-requests.ts';
import { noteRoutes } from './routes-notes.ts';
import { peopleRoutes } from './routes-people.ts';
import { repositoryRoutes } from './routes-repository.ts';
import { statusRoutes } from './routes-statuses.ts';
import { createWorld, type FakeWorld } from './world.ts';

export type { FakeWorld } from './world.ts';

/** A request the fake received: its JSON body too, so tests can see what the adapter asked for. */
export interface FakeRequest {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/**
 * For the next `times` requests that `when` accepts: an answer given instead of the real one
 * (`status`), or something that happens on the forge just before the request is served (`effect`).
 */
export interface Injection {
  status?: number;
  effect?: () => void;
  body?: unknown;
  headers?: Record<string, string>;
  times: number;
  when?: (method: string, path: string) => boolean;
}

/**
 * An in-memory GitLab (REST v4 under /api/v4 and the GraphQL blobs query) served by one msw handler.
 * `fetch` answers from the handlers without patching globals, so tests can run many fakes at once;
 * a request no route knows throws, as msw's `onUnhandledRequest: 'error'` does.
 */
export function createFakeGitLab(input: { host: string; project: string; now: () => number }) {
  const world: FakeWorld = createWorld({ host: input.host, projectPath: input.project, now: input.now });
  const routes = [
    ...repositoryRoutes(),
    ...mergeRequestRoutes(),
    ...noteRoutes(),
    ...statusRoutes(),
    ...peopleRoutes(),
  ];
  // A self-managed GitLab under a path prefix answers there only (`https://example.com/gitlab/api/v4`).
  const api = `${new URL(world.host).pathname.replace(/\/+$/, '')}/api`;
  const requests: FakeRequest[] = [];
  const unhandled: string[] = [];
  const injections: Injection[] = [];

  const handlers = [
    http.all(`${world.host}/api/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      requests.push({ method: request.method, url: request.url, body });
      const injected = takeInjection(injections, request.method, url.pathname);
      if (injected) return injected;
      if (url.pathname === `${api}/graphql` && request.method === 'POST') return answerGraphql(world, body);
      if (!url.pathname.startsWith(`${api}/v4/`)) return undefined;
      const found = match(routes, request.method, url.pathname.slice(`${api}/v4/`.length));
      if (!found) return undefined;
      if (found.params.id !== undefined && !isThisProject(world, found.params.id)) {
        return fail(404, '404 Project Not Found');
      }
      return found.route.handle({ params: found.params, query: url.searchParams, body, url, world });
    }),
  ];

  async function fetch(resource: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(resource, init);
    const response = await getResponse(handlers, request);
    // Not a TypeError: an unknown route is a bug in the adapter or the fake, never worth a retry.
    if (!response) {
      unhandled.push(`${request.method} ${request.url}`);
      throw new Error(`fake GitLab has no route for ${request.method} ${request.url}`);
    }
    return response;
  }

  return {
    world,
    handlers,
    fetch,
    requests: () => requests as readonly FakeRequest[],
    /** Requests no route served (each also failed with an error): a test asserts there are none. */
    unhandled: () => unhandled as readonly string[],
    resetRequests: () => {
      requests.length = 0;
    },
    inject: (injection: Injection) => {
      injections.push({ ...injection });
    },
  };
}

export type FakeGitLab = ReturnType<typeof createFakeGitLab>;

/** `:id` is the project's numeric id or its URL-encoded full path. */
function isThisProject(world: FakeWorld, id: string): boolean {
  return id === String(world.project.id) || id === world.project.path;
}

function takeInjection(injections: Injection[], method: string, path: string): Response | undefined {
  const index = injections.findIndex((i) => i.times > 0 && (!i.when || i.when(method, path)));
  if (index < 0) return undefined;
  const injection = injections[index]!;
  injection.times -= 1;
  if (injection.times === 0) injections.splice(index, 1);
  if (injection.effect) {
    injection.effect();
    return undefined;
  }
  const headers = injection.headers ?? {};
  if (typeof injection.body === 'string' || injection.body === undefined) {
    return new HttpResponse(String(injection.body ?? ''), {
      status: injection.status ?? 500,
      headers: { 'content-type': 'text/plain', ...headers },
    });
  }
  return HttpResponse.json(injection.body as never, { status: injection.status ?? 500, headers });
}
