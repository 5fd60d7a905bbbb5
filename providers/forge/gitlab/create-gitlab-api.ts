import { Gitlab } from '@gitbeaker/rest';
import type { GitLabRetry } from './classify-failure.ts';
import { gitLabRequesterFn } from './requester.ts';

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
   * The retry policy's waits, clock, jitter and hooks for every request on this connection (the
   * server's retry metric); forge adapters built on it keep them unless they bring their own.
   */
  retry?: GitLabRetry;
}

/** How each adapter reaches GitLab again with its own retry deps: the connection behind an API client. */
export interface GitLabConnection {
  host: string;
  token: string;
  fetch: typeof globalThis.fetch;
  retry: GitLabRetry;
}

const connections = new WeakMap<Gitlab, GitLabConnection>();

/**
 * A gitbeaker `Gitlab` for the host and token whose requests go through GUARD's requester (the one
 * retry policy, with GitLab's headers honoured; see requester.ts). The GitLab forge builds its own
 * resources on the same connection.
 */
export function createGitLabApi({
  host,
  token,
  fetch = globalThis.fetch,
  retry = {},
}: GitLabApiOptions): Gitlab {
  // gitbeaker joins `${host}/api/v4`: a trailing slash would make `//api`.
  const base = host.replace(/\/+$/, '');
  const api = new Gitlab({
    host: base,
    token,
    requesterFn: gitLabRequesterFn(fetch, retry),
    rateLimits: {},
    queryTimeout: null,
  });
  connections.set(api, { host: base, token, fetch, retry });
  return api;
}

export function connectionOf(api: Gitlab): GitLabConnection {
  const connection = connections.get(api);
  if (!connection)
    throw new Error('build the GitLab API client with createGitLabApi (GUARD must own its retry layer)');
  return connection;
}
