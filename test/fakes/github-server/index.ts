import { getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import { appHandlers, requireInstallationToken } from './app-auth.ts';
import { checkHandlers } from './check-handlers.ts';
import { CORE_LIMIT, conditionally } from './conditional.ts';
import { gitHandlers } from './git-handlers.ts';
import { DEFAULT_BLOB_TEXT_LIMIT, graphqlHandler } from './graphql-handler.ts';
import { issueHandlers } from './issue-handlers.ts';
import { peopleHandlers } from './people-handlers.ts';
import { pullHandlers } from './pull-handlers.ts';
import { repoHandlers } from './repo-handlers.ts';
import { FakeGitHubState } from './state.ts';
import { enterpriseUrls, GITHUB_COM, type GitHubUrls } from './urls.ts';

export type FailureKind =
  | 'rate-limit'
  | 'secondary-limit'
  | 'server-error'
  | 'graphql-rate-limit'
  | 'graphql-timeout';

export interface FakeGitHub {
  readonly state: FakeGitHubState;
  readonly handlers: RequestHandler[];
  /** A fetch served by the msw handlers; a request none of them answers throws (fails the test). */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  failNext(kind: FailureKind, times: number): void;
  /** Requests to the repository and GraphQL since the last reset (the App's token requests left out). */
  requests(): readonly { method: string; url: string }[];
  /** Every request that reached the fake, token requests included, since the last reset. */
  allRequests(): readonly { method: string; url: string }[];
  resetRequests(): void;
  /** Requests no handler answered (each also threw in `fetch`): a test asserts there are none. */
  unhandled(): readonly string[];
  /**
   * Runs `action` once, just before the fake answers the next `method` request whose path ends with
   * `pathEnd` (decoded): someone else acting between two of the adapter's requests.
   */
  before(method: string, pathEnd: string, action: () => void): void;
  /** The primary REST limit spent so far: every REST answer counts except a 304 to a conditional GET. */
  rateLimit(): { limit: number; used: number; remaining: number };
}

/** GitHub's answers under load (docs: "Rate limits for the REST API"). */
function failure(kind: FailureKind, nowMs: number): Response {
  const doc = {
    documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
  };
  if (kind === 'server-error') return HttpResponse.json({ message: 'Server Error' }, { status: 502 });
  const spent = (resource: string) => ({
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': String(Math.floor(nowMs / 1000) + 60),
    'x-ratelimit-resource': resource,
  });
  // GraphQL reports its limit and its timeouts as HTTP 200 with `errors` (docs: "Rate limits and query
  // limits for the GraphQL API"; the timeout text is the one @octokit/plugin-retry matches).
  if (kind === 'graphql-rate-limit') {
    const errors = [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }];
    return HttpResponse.json({ data: null, errors }, { headers: spent('graphql') });
  }
  if (kind === 'graphql-timeout') {
    const message =
      'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `F1C8:1234:5678:9ABC:DEF0` when reporting this issue.';
    return HttpResponse.json({ data: null, errors: [{ message }] });
  }
  if (kind === 'secondary-limit') {
    const message =
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
    return HttpResponse.json({ message, ...doc }, { status: 403, headers: { 'retry-after': '1' } });
  }
  return HttpResponse.json(
    { message: 'API rate limit exceeded for installation ID 1.', ...doc },
    { status: 403, headers: spent('core') },
  );
}

/**
 * An in-memory GitHub for one repository, on the clock `now`: github.com's URLs, or a GitHub
 * Enterprise Server's when `host` is given. Only GUARD's App's installation token opens it.
 */
export function createFakeGitHub(input: {
  owner: string;
  repo: string;
  now: () => number;
  host?: string;
  protocol?: 'https' | 'http';
  blobTextLimit?: number;
}): FakeGitHub {
  const urls: GitHubUrls = input.host ? enterpriseUrls(input.host, input.protocol) : GITHUB_COM;
  const state = new FakeGitHubState(input.owner, input.repo, input.now, urls);
  const log: { method: string; url: string; auth: boolean }[] = [];
  const unhandled: string[] = [];
  const pending: FailureKind[] = [];
  const limits = { blobText: input.blobTextLimit ?? DEFAULT_BLOB_TEXT_LIMIT };
  const ours = (url: string) => url.startsWith(`${urls.rest}/`) || url === urls.graphql;
  const interludes: { method: string; pathEnd: string; action: () => void }[] = [];
  const meter = { used: 0 };
  const routes: RequestHandler[] = [
    ...appHandlers(state),
    graphqlHandler(state, limits),
    ...repoHandlers(state),
    ...gitHandlers(state),
    ...pullHandlers(state),
    ...issueHandlers(state),
    ...checkHandlers(state),
    ...peopleHandlers(state),
  ];
  const handlers: RequestHandler[] = [
    http.all('*', async ({ request }) => {
      if (!ours(request.url)) return undefined;
      // The App's own routes take its JWT, not an installation token (docs: "Authenticating as a GitHub App").
      const auth =
        request.url.startsWith(`${urls.rest}/app/`) ||
        new URL(request.url).pathname.endsWith(`/repos/${input.owner}/${input.repo}/installation`);
      log.push({ method: request.method, url: request.url, auth });
      if (auth) return undefined;
      const refused = requireInstallationToken(state, request);
      if (refused) return refused;
      const kind = pending.shift();
      if (kind) return failure(kind, input.now());
      const path = decodeURIComponent(new URL(request.url).pathname);
      const due = interludes.findIndex((i) => i.method === request.method && path.endsWith(i.pathEnd));
      if (due >= 0) interludes.splice(due, 1)[0]?.action();
      if (request.url === urls.graphql) return undefined; // GraphQL has its own points limit
      if (request.method !== 'GET') {
        meter.used += 1;
        return undefined;
      }
      const answer = await getResponse(routes, request);
      return answer && conditionally(request, answer, meter);
    }),
    ...routes,
  ];
  return {
    state,
    handlers,
    async fetch(resource, init) {
      const request = new Request(resource, init);
      const response = await getResponse(handlers, request);
      if (!response) {
        unhandled.push(`${request.method} ${request.url}`);
        throw new Error(`unhandled request to the fake GitHub: ${request.method} ${request.url}`);
      }
      return response;
    },
    failNext(kind, times) {
      for (let i = 0; i < times; i++) pending.push(kind);
    },
    requests: () => log.filter((r) => !r.auth).map(({ method, url }) => ({ method, url })),
    allRequests: () => log.map(({ method, url }) => ({ method, url })),
    resetRequests() {
      log.length = 0;
    },
    unhandled: () => [...unhandled],
    before(method, pathEnd, action) {
      interludes.push({ method, pathEnd, action });
    },
    rateLimit: () => ({
      limit: CORE_LIMIT,
      used: meter.used,
      remaining: Math.max(0, CORE_LIMIT - meter.used),
    }),
  };
}
