import { getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import { checkHandlers } from './check-handlers.ts';
import { gitHandlers } from './git-handlers.ts';
import { DEFAULT_BLOB_TEXT_LIMIT, graphqlHandler } from './graphql-handler.ts';
import { issueHandlers } from './issue-handlers.ts';
import { API } from './json.ts';
import { peopleHandlers } from './people-handlers.ts';
import { pullHandlers } from './pull-handlers.ts';
import { FakeGitHubState } from './state.ts';

export type FailureKind = 'rate-limit' | 'secondary-limit' | 'server-error';

export interface FakeGitHub {
  readonly state: FakeGitHubState;
  readonly handlers: RequestHandler[];
  /** A fetch served by the msw handlers; a request none of them answers throws (fails the test). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  failNext(kind: FailureKind, times: number): void;
  requests(): readonly { method: string; url: string }[];
  resetRequests(): void;
}

/** GitHub's answers under load (docs: "Rate limits for the REST API"). */
function failure(kind: FailureKind, nowMs: number): Response {
  const doc = {
    documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
  };
  if (kind === 'server-error') return HttpResponse.json({ message: 'Server Error' }, { status: 502 });
  if (kind === 'secondary-limit') {
    const message =
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
    return HttpResponse.json({ message, ...doc }, { status: 403, headers: { 'retry-after': '1' } });
  }
  const headers = {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': String(Math.floor(nowMs / 1000) + 60),
    'x-ratelimit-resource': 'core',
  };
  return HttpResponse.json(
    { message: 'API rate limit exceeded for installation ID 1.', ...doc },
    { status: 403, headers },
  );
}

/** An in-memory GitHub for one repository, on the clock `now`. */
export function createFakeGitHub(input: {
  owner: string;
  repo: string;
  now: () => number;
  blobTextLimit?: number;
}): FakeGitHub {
  const state = new FakeGitHubState(input.owner, input.repo, input.now);
  const log: { method: string; url: string }[] = [];
  const pending: FailureKind[] = [];
  const limits = { blobText: input.blobTextLimit ?? DEFAULT_BLOB_TEXT_LIMIT };
  const handlers: RequestHandler[] = [
    http.all(`${API}/*`, ({ request }) => {
      log.push({ method: request.method, url: request.url });
      const kind = pending.shift();
      return kind ? failure(kind, input.now()) : undefined;
    }),
    graphqlHandler(state, limits),
    ...gitHandlers(state),
    ...pullHandlers(state),
    ...issueHandlers(state),
    ...checkHandlers(state),
    ...peopleHandlers(state),
  ];
  return {
    state,
    handlers,
    async fetch(resource, init) {
      const request = new Request(resource, init);
      const response = await getResponse(handlers, request);
      if (!response)
        throw new Error(`unhandled request to the fake GitHub: ${request.method} ${request.url}`);
      return response;
    },
    failNext(kind, times) {
      for (let i = 0; i < times; i++) pending.push(kind);
    },
    requests: () => [...log],
    resetRequests() {
      log.length = 0;
    },
  };
}
