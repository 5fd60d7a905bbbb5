import { Gitlab } from '@gitbeaker/rest';
import { gitLabRequesterFn } from './requester.ts';
import type { GitLabLog, RetryDeps } from './retry.ts';

export { GitLabApiError } from './gitlab-api-error.ts';

export interface GitLabApiOptions {
  /**
   * GitLab's base URL (`GITLAB_URL`): `https://gitlab.com`, or a self-managed instance, which may sit
   * under a path prefix (`https://example.com/gitlab`: REST at `…/gitlab/api/v4`, GraphQL at
   * `…/gitlab/api/graphql`).
   */
  host: string;
  token: string;
  fetch?: typeof globalThis.fetch;
  /**
   * The waits, clock, jitter and logger of this client's own retry layer (defaults: a timer,
   * `Date.now`, `Math.random`, silence). Forge adapters retry with their own.
   */
  retry?: Partial<RetryDeps>;
}

/** How each adapter reaches GitLab again with its own retry deps: the connection behind an API client. */
export interface GitLabConnection {
  host: string;
  token: string;
  fetch: typeof globalThis.fetch;
}

const connections = new WeakMap<Gitlab, GitLabConnection>();
const quiet: GitLabLog = { warn: () => {}, debug: () => {} };
const defaultRetry: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  random: Math.random,
  log: quiet,
};

/**
 * A gitbeaker `Gitlab` for the host and token whose requests go through GUARD's requester (one
 * retry layer that honours GitLab's headers; see requester.ts). The GitLab forge builds its own
 * resources on the same connection with the adapter's clock, jitter and logger.
 */
export function createGitLabApi({ host, token, fetch = globalThis.fetch, retry }: GitLabApiOptions): Gitlab {
  // gitbeaker joins `${host}/api/v4`: a trailing slash would make `//api`.
  const base = host.replace(/\/+$/, '');
  const api = new Gitlab({
    host: base,
    token,
    requesterFn: gitLabRequesterFn(fetch, { ...defaultRetry, ...retry }),
    rateLimits: {},
    queryTimeout: null,
  });
  connections.set(api, { host: base, token, fetch });
  return api;
}

export function connectionOf(api: Gitlab): GitLabConnection {
  const connection = connections.get(api);
  if (!connection)
    throw new Error('build the GitLab API client with createGitLabApi (GUARD must own its retry layer)');
  return connection;
}
