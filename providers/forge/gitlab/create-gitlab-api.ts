import { createRequesterFn, type RequestHandlerFn } from '@gitbeaker/requester-utils';
import { Gitlab } from '@gitbeaker/rest';

/**
 * A GitLab answer other than 2xx, with what the retry layer needs to decide (status, headers) and
 * GitLab's own message. The request path is kept; the token never is (it travels in a header).
 */
export class GitLabApiError extends Error {
  override name = 'GitLabApiError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly description: string;

  constructor(input: {
    method: string;
    path: string;
    status: number;
    headers: Record<string, string>;
    description: string;
  }) {
    super(`GitLab answered ${input.status} to ${input.method} ${input.path}: ${input.description}`);
    this.status = input.status;
    this.headers = input.headers;
    this.description = input.description;
  }
}

export interface GitLabApiOptions {
  /** e.g. `https://gitlab.com` (`GITLAB_URL`). */
  host: string;
  token: string;
  fetch?: typeof globalThis.fetch;
}

/**
 * A gitbeaker `Gitlab` whose requests are tried exactly once. gitbeaker's stock requester retries 429
 * and 502 ten times by itself, a few milliseconds apart and without reading `Retry-After`; GUARD's
 * retry layer (retry.ts) must be the only one, so that it counts tries and honours GitLab's headers.
 */
export function createGitLabApi({ host, token, fetch = globalThis.fetch }: GitLabApiOptions): Gitlab {
  const requesterFn = createRequesterFn(
    (_service, options) => Promise.resolve(options),
    singleAttempt(fetch) as RequestHandlerFn,
  );
  return new Gitlab({ host, token, requesterFn });
}

interface HandlerOptions {
  prefixUrl?: string;
  searchParams?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: RequestInit['body'];
  signal?: AbortSignal;
}

function singleAttempt(fetchFn: typeof globalThis.fetch) {
  return async (endpoint: string, options: HandlerOptions = {}) => {
    const { prefixUrl = '', searchParams, method = 'GET', headers, body, signal } = options;
    const url = new URL(endpoint, prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`);
    url.search = searchParams ?? '';
    const response = await fetchFn(url, { method, headers, body, signal });
    const responseHeaders = Object.fromEntries(response.headers.entries());
    const text = response.status === 204 ? '' : await response.text();
    const parsed = parseBody(text, response.headers.get('content-type'));
    if (!response.ok) {
      const description = describe(parsed);
      throw new GitLabApiError({
        method,
        path: url.pathname,
        status: response.status,
        headers: responseHeaders,
        description,
      });
    }
    return { body: parsed, headers: responseHeaders, status: response.status };
  };
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
