import { asFailure, GitHubRequestError, giveUp } from './request-error.ts';
import { retryDelay } from './retry-delay.ts';
import { createTokenBucket } from './token-bucket.ts';

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

/** Minimal logger (pino-compatible): fixed message, details in an object. */
export interface ForgeLog {
  warn(details: object, message: string): void;
}

export interface GitHubDeps {
  octokit: OctokitLike;
  owner: string;
  repo: string;
  /** The GitHub App's id: when set, check runs of other apps with the same name are ignored. */
  appId?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  log?: ForgeLog;
}

/** Tries per request before giving up (the first one included). */
export const MAX_TRIES = 5;

export { GitHubRequestError } from './request-error.ts';

/** Known results of this adapter's own writes, so a wave MR needs no look-ups for what it just made. */
export interface Memo {
  createdRefs: Set<string>;
  createdCommits: Set<string>;
  createdThreads: Set<number>;
  comments: Map<string, number>;
  checkRuns: Map<string, number>;
}

/** Sends REST and GraphQL requests with GUARD's own retry policy and write pacing. */
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

const noop: ForgeLog = { warn() {} };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGitHubClient(deps: GitHubDeps): GitHubClient {
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? noop;
  const bucket = createTokenBucket({ capacity: 20, perMinute: 60, now, sleep });
  const base = { owner: deps.owner, repo: deps.repo };

  /** `call` with GUARD's retries; `write` paces content-creating requests through the bucket. */
  async function send<T>(label: string, write: boolean, call: () => Promise<T>): Promise<T> {
    if (write) await bucket.take();
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const failure = asFailure(error);
        if (!failure) throw error;
        const wait = attempt < MAX_TRIES ? retryDelay(failure, attempt, now()) : undefined;
        if (wait === undefined) throw giveUp(label, failure, attempt);
        log.warn(
          { route: label, status: failure.status, attempt, waitMs: wait },
          'github request failed; retrying',
        );
        await sleep(wait);
      }
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
      // Plugin-retry inside Probot's Octokit would retry 5xx on its own clock; this layer counts instead.
      const options = { ...scoped, request: { retries: 0 } };
      const response = await send(route, !/^(GET|HEAD) /.test(route), () =>
        deps.octokit.request(route, options),
      );
      return { data: response.data as T, headers: response.headers as Record<string, string> };
    },
    async graphql<T>(query: string, variables: Record<string, unknown>) {
      const taken = Object.keys(variables).filter((name) => NOT_VARIABLES.includes(name));
      if (taken.length) throw new Error(`GraphQL variable names reserved by Octokit: ${taken.join(', ')}`);
      try {
        return (await send('GraphQL', false, () =>
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
 * lacks, a wrong argument type, missing permission) fails the call with GitHub's messages.
 */
function partialData<T>(error: unknown): T {
  const e = error as Partial<GraphqlResponseError>;
  if (e?.name !== 'GraphqlResponseError') throw error;
  const errors = e.errors ?? [];
  const fatal = errors.filter((x) => x.type !== 'NOT_FOUND');
  if (fatal.length === 0 && e.data) return e.data as T;
  const messages = (fatal.length ? fatal : errors).map((x) => x.message).join('; ');
  throw new GitHubRequestError(`GitHub GraphQL query failed: ${messages}`, 200);
}
