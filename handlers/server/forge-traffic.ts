import type { OctokitLike } from '../../providers/forge/github/client.ts';
import type { ForgeKind } from '../../src/ports/forge.ts';
import type { ServerMetrics } from './server-metrics.ts';

type HeaderBag = Record<string, unknown> | undefined;

function record(metrics: ServerMetrics, forge: ForgeKind, status: number | string, remaining: unknown) {
  metrics.forgeRequests.inc({ forge, status: String(status) });
  const left = Number(remaining);
  if (remaining !== undefined && remaining !== null && remaining !== '' && Number.isFinite(left))
    metrics.rateLimitRemaining.set({ forge }, left);
}

/** An installation Octokit whose requests are counted, and whose `x-ratelimit-remaining` is kept as headroom. */
export function countedOctokit(octokit: OctokitLike, metrics: ServerMetrics): OctokitLike {
  return {
    async request(route, params) {
      try {
        const response = await octokit.request(route, params);
        record(
          metrics,
          'github',
          response.status,
          (response.headers as HeaderBag)?.['x-ratelimit-remaining'],
        );
        return response;
      } catch (error) {
        const e = error as { status?: number; response?: { headers?: HeaderBag } };
        record(metrics, 'github', e.status ?? 'error', e.response?.headers?.['x-ratelimit-remaining']);
        throw error;
      }
    },
    async graphql(query, parameters) {
      try {
        const data = await octokit.graphql(query, parameters);
        // Octokit's GraphQL client hands back the data only: an answer is a 200 without headers here.
        record(metrics, 'github', 200, undefined);
        return data;
      } catch (error) {
        // A GraphqlResponseError (HTTP 200 with `errors`) keeps the headers; a RequestError its response.
        const e = error as { status?: number; headers?: HeaderBag; response?: { headers?: HeaderBag } };
        const headers = e.headers ?? e.response?.headers;
        record(
          metrics,
          'github',
          e.status ?? (e.headers ? 200 : 'error'),
          headers?.['x-ratelimit-remaining'],
        );
        throw error;
      }
    },
  };
}

/** A fetch for the GitLab API whose requests are counted, with GitLab's `RateLimit-Remaining` as headroom. */
export function countedFetch(fetchFn: typeof fetch, metrics: ServerMetrics): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetchFn(input, init);
      record(metrics, 'gitlab', response.status, response.headers.get('ratelimit-remaining') ?? undefined);
      return response;
    } catch (error) {
      record(metrics, 'gitlab', 'error', undefined);
      throw error;
    }
  };
}
