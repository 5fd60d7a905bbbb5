import { retryAfter, untilReset } from '../../../src/util/retry-after.ts';
import type { Classified } from '../../../src/util/with-retry.ts';

/** The least GitHub asks to wait after a secondary limit that names no time (its docs: at least a minute). */
export const SECONDARY_FLOOR_MS = 60_000;
/** GitHub's reset is a whole second; one more and the quota has surely been refilled (its docs say so). */
const AFTER_RESET_MS = 1_000;

type Headers = Record<string, string | number | undefined>;

interface GraphqlError {
  type?: string;
  message?: string;
}

/**
 * How GUARD's retry policy reads a failed GitHub request (GitHub's docs, "Rate limits for the REST
 * API" and "… for the GraphQL API"): a 5xx or a dropped connection is transient; a spent quota waits
 * for `x-ratelimit-reset`; a secondary limit for `retry-after`, else a minute; GraphQL reports its
 * limit as HTTP 200 with a RATE_LIMITED error. Anything else (a 4xx, a refused document) is terminal.
 */
export function classifyGitHubFailure(now: () => number): (error: unknown) => Classified {
  return (error) => {
    const e = error as {
      status?: unknown;
      message?: string;
      headers?: Headers;
      response?: { headers?: Headers; data?: { message?: unknown; errors?: unknown } };
      data?: { errors?: unknown };
      errors?: unknown;
    };
    const headers: Headers = { ...(e.headers ?? e.response?.headers ?? {}) };
    const graphqlErrors = (e.errors ?? e.data?.errors ?? e.response?.data?.errors) as
      | GraphqlError[]
      | undefined;
    if (Array.isArray(graphqlErrors) && graphqlErrors.some((x) => x?.type === 'RATE_LIMITED')) {
      // github.com: the throttling plugin rethrows it ("GraphQL Rate Limit Exceeded"); a GitHub
      // Enterprise Server's /api/graphql it does not recognise, so @octokit/graphql's
      // GraphqlResponseError arrives as is (plugin-throttling: `pathname.startsWith("/graphql")`).
      return { kind: 'rate-limited', reason: 'rate-limit', afterMs: quotaWait(headers, now()) };
    }
    if (typeof e.status !== 'number') return { kind: 'terminal' };
    const named = retryAfter(headers['retry-after'], now());
    // @octokit/request reports a network failure as status 500 ("fetch failed"), a real 5xx as itself.
    if (e.status >= 500)
      return { kind: 'retry', reason: 'server-error', ...(named !== undefined && { afterMs: named }) };
    if (e.status !== 403 && e.status !== 429) return { kind: 'terminal' };
    const said = `${typeof e.response?.data?.message === 'string' ? e.response.data.message : ''} ${e.message ?? ''}`;
    const spent = Number(headers['x-ratelimit-remaining']) === 0;
    const secondary = /secondary rate limit|abuse/i.test(said);
    // A 403 that is a missing permission, not a limit.
    if (!(e.status === 429 || named !== undefined || spent || secondary || /rate limit exceeded/i.test(said)))
      return { kind: 'terminal' };
    // GitHub's order: retry-after first, then the reset of a spent quota, else at least a minute.
    const afterMs = named ?? (spent ? quotaWait(headers, now()) : SECONDARY_FLOOR_MS);
    return { kind: 'rate-limited', reason: spent && !secondary ? 'rate-limit' : 'secondary-limit', afterMs };
  };
}

/** Until the quota resets (plus a second), or a minute when GitHub did not say. */
function quotaWait(headers: Headers, nowMs: number): number {
  const reset = untilReset(headers['x-ratelimit-reset'], nowMs);
  return reset === undefined ? SECONDARY_FLOOR_MS : reset + AFTER_RESET_MS;
}
