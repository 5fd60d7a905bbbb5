import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { type RetryDeps, withRetry } from '../../../src/util/with-retry.ts';
import { classifyGitHubFailure } from './classify-failure.ts';
import { asFailure, GitHubRequestError, giveUp } from './request-error.ts';

/** The part of Probot's installation Octokit the adapter uses (`octokit.request`, `octokit.graphql`). */
export interface OctokitLike {
  request(
    route: string,
    params?: Record<string, unknown>,
  ): Promise<{ status: number; data: unknown; headers: object }>;
  /**
   * Octokit's GraphQL client. It knows where GraphQL lives: `<baseUrl>/graphql` on github.com, but
   * `https://<host>/api/graphql` when the base URL is a GitHub Enterprise Server's
   * `https://<host>/api/v3` (@octokit/graphql swaps a trailing `/api/v3` for `/api/graphql`), where
   * `POST <baseUrl>/graphql` would be a 404. An answer with `errors` rejects with a
   * GraphqlResponseError that carries `errors` and any partial `data`.
   */
  graphql(query: string, parameters?: Record<string, unknown>): Promise<unknown>;
}

export interface GitHubDeps {
  /**
   * Probot's installation Octokit, built on GuardOctokit (guard-octokit.ts) so that its throttling
   * plugin paces requests but leaves every limit to GUARD's retry policy.
   */
  octokit: OctokitLike;
  owner: string;
  repo: string;
  /** The GitHub App's id: when set, check runs of other apps with the same name are ignored. */
  appId?: number;
  /** Waits, jitter and the retry metric's hooks (the server wires them once for every client). */
  retry?: RetryDeps;
  /** Epoch ms, to turn `x-ratelimit-reset` into a wait (default `Date.now`). */
  now?: () => number;
}

export { GitHubRequestError } from './request-error.ts';

/** Known results of this adapter's own writes, so a wave MR needs no look-ups for what it just made. */
export interface Memo {
  createdRefs: Set<string>;
  createdCommits: Set<string>;
  createdThreads: Set<number>;
  comments: Map<string, number>;
  checkRuns: Map<string, number>;
}

/** Sends REST and GraphQL requests under GUARD's retry policy. */
export interface GitHubClient {
  readonly owner: string;
  readonly repo: string;
  readonly appId?: number;
  readonly memo: Memo;
  rest<T>(
    route: string,
    params?: Record<string, unknown>,
  ): Promise<{ data: T; headers: Record<string, string> }>;
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

export function createGitHubClient(deps: GitHubDeps): GitHubClient {
  const classify = classifyGitHubFailure(deps.now ?? Date.now);
  const base = { owner: deps.owner, repo: deps.repo };

  /**
   * `call` under the one retry policy; what GitHub refused becomes a GitHubRequestError with its
   * words. Pacing is the throttling plugin's, shared by every Octokit of the process per installation.
   */
  async function send<T>(label: string, call: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(call, {
        ...deps.retry,
        client: 'github',
        what: label,
        classify,
        giveUp: (error, tries) => {
          const failure = asFailure(error);
          return failure ? giveUp(label, failure, tries) : error;
        },
      });
    } catch (error) {
      if (error instanceof RateLimitedError || error instanceof GitHubRequestError) throw error;
      const failure = asFailure(error);
      throw failure ? giveUp(label, failure, 1) : error;
    }
  }

  return {
    owner: deps.owner,
    repo: deps.repo,
    ...(deps.appId !== undefined && { appId: deps.appId }),
    memo: {
      createdRefs: new Set(),
      createdCommits: new Set(),
      createdThreads: new Set(),
      comments: new Map(),
      checkRuns: new Map(),
    },
    async rest<T>(route: string, params: Record<string, unknown> = {}) {
      const scoped = route.includes('{owner}') ? { ...base, ...params } : params;
      // Plugin-retry inside Probot's Octokit would retry 5xx on its own clock; the one policy counts instead.
      const options = { ...scoped, request: { retries: 0 } };
      const response = await send(route, () => deps.octokit.request(route, options));
      return { data: response.data as T, headers: response.headers as Record<string, string> };
    },
    async graphql<T>(query: string, variables: Record<string, unknown>) {
      const taken = Object.keys(variables).filter((name) => NOT_VARIABLES.includes(name));
      if (taken.length) throw new Error(`GraphQL variable names reserved by Octokit: ${taken.join(', ')}`);
      try {
        return (await send('GraphQL', () =>
          deps.octokit.graphql(query, { ...variables, request: { retries: 0 } }),
        )) as T;
      } catch (error) {
        return partialData<T>(error);
      }
    },
  };
}

/** Options @octokit/graphql takes from the parameters instead of sending them as variables. */
const NOT_VARIABLES = [
  'method',
  'baseUrl',
  'url',
  'headers',
  'request',
  'query',
  'mediaType',
  'operationName',
];

interface GraphqlResponseError {
  name: 'GraphqlResponseError';
  errors?: { type?: string; message: string }[];
  data?: unknown;
}

/**
 * GitHub answers GraphQL errors with HTTP 200 and an `errors` list. NOT_FOUND leaves its field null
 * beside the rest of the data: the caller reads that as absent. Any other error (a field the schema
 * lacks, a wrong argument type, a missing permission) fails the call with GitHub's messages, and is
 * a refusal that no retry changes: the engine abandons the action instead of trying it five times.
 * The two 200 answers that are not refusals never get here: RATE_LIMITED is the classifier's
 * (a RateLimitedError), "Something went wrong while executing your query" (a timeout) reaches
 * it as a 500 from @octokit/plugin-retry and is retried as one.
 */
function partialData<T>(error: unknown): T {
  const e = error as Partial<GraphqlResponseError>;
  if (e?.name !== 'GraphqlResponseError') throw error;
  const errors = e.errors ?? [];
  const fatal = errors.filter((x) => x.type !== 'NOT_FOUND');
  if (fatal.length === 0 && e.data) return e.data as T;
  const messages = (fatal.length ? fatal : errors).map((x) => x.message).join('; ');
  throw new GitHubRequestError(`GitHub GraphQL query failed: ${messages}`, 200, undefined, true);
}
