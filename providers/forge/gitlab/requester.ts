import { createRequesterFn, type RequestHandlerFn, type ResourceOptions } from '@gitbeaker/requester-utils';
import { withRetry } from '../../../src/util/with-retry.ts';
import { classifyGitLabFailure, type GitLabRetry, gaveUp } from './classify-failure.ts';
import { GitLabApiError } from './gitlab-api-error.ts';

interface HandlerOptions {
  prefixUrl?: string;
  searchParams?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: RequestInit['body'];
}

/**
 * Writes GitLab serialises per object and answers 409 to when two land at once: a commit status is
 * updated under a lock on its sha (Ci::CreateCommitStatusService#pipeline_lock_key), so a concurrent
 * update of the same status is worth another try.
 */
const RETRIED_CONFLICTS: readonly { method: string; path: RegExp }[] = [
  { method: 'POST', path: /\/projects\/[^/]+\/statuses\/[^/]+$/ },
];

/**
 * gitbeaker's `requesterFn` for GUARD: every call of every resource goes through one `fetch` and
 * the one retry policy (src/util/with-retry.ts) with GitLab's classifier (classify-failure.ts),
 * which honours GitLab's rate-limit headers and hands a long wait on as a RateLimitedError.
 * gitbeaker's stock requester retries 429 and 502 by itself, a few milliseconds apart and without
 * reading `Retry-After`; this one tries each attempt once and lets `withRetry` decide. Its own rate
 * limiters are not used: GitLab's answers are the limit.
 */
export function gitLabRequesterFn(
  fetchFn: typeof globalThis.fetch,
  retry: GitLabRetry,
): (options: ResourceOptions) => ReturnType<ReturnType<typeof createRequesterFn>> {
  const now = retry.now ?? Date.now;
  const handler = async (endpoint: string, options: HandlerOptions = {}) => {
    const { prefixUrl = '', searchParams, method = 'GET', headers, body } = options;
    const url = new URL(endpoint, prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`);
    url.search = searchParams ?? '';
    const retryConflicts = RETRIED_CONFLICTS.some((r) => r.method === method && r.path.test(url.pathname));
    const what = `${method} ${url.pathname}`;
    return withRetry(() => attempt(fetchFn, url, { method, headers, body }), {
      ...retry,
      client: 'gitlab',
      what,
      classify: classifyGitLabFailure(now, retryConflicts),
      giveUp: (error, tries) => gaveUp(what, error, tries),
    });
  };
  return createRequesterFn((_resource, options) => Promise.resolve(options), handler as RequestHandlerFn);
}

async function attempt(fetchFn: typeof globalThis.fetch, url: URL, init: RequestInit) {
  const response = await fetchFn(url, init);
  const headers = Object.fromEntries(response.headers.entries());
  const text = response.status === 204 ? '' : await response.text();
  const parsed = parseBody(text, response.headers.get('content-type'));
  if (!response.ok) {
    throw new GitLabApiError({
      method: init.method ?? 'GET',
      path: url.pathname,
      status: response.status,
      headers,
      description: describe(parsed),
    });
  }
  return { body: parsed as never, headers, status: response.status };
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!contentType?.includes('json') || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** GitLab puts its reason in `message` (a string, a list or a field map) or in `error`. */
function describe(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 500);
  const { message, error } = (body ?? {}) as { message?: unknown; error?: unknown };
  const reason = message ?? error ?? body;
  return (typeof reason === 'string' ? reason : JSON.stringify(reason)).trim().slice(0, 500);
}
