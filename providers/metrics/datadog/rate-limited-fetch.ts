import type { MetricsLogger } from '../api.ts';

export interface RateLimitOptions {
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  logger: MetricsLogger;
  /** Requests per call at most, the first included (default 4). */
  maxTries?: number;
  /** Longest single wait (default 60 s); a later reset is retried early and counts as a try. */
  maxWaitMs?: number;
}

/** Datadog's rate-limit headers, as numbers where they are numbers. */
export interface RateLimitState {
  name?: string;
  limit?: number;
  remaining?: number;
  period?: number;
  /** Seconds until the window resets. */
  reset?: number;
}

export function readRateLimit(headers: Headers): RateLimitState {
  const num = (header: string) => {
    const value = headers.get(header);
    return value === null || !Number.isFinite(Number(value)) ? undefined : Number(value);
  };
  return {
    name: headers.get('x-ratelimit-name') ?? undefined,
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    period: num('x-ratelimit-period'),
    reset: num('x-ratelimit-reset'),
  };
}

/**
 * `fetch` that answers a 429 by waiting until `X-RateLimit-Reset` (seconds) and trying again, a
 * bounded number of times; the last 429 is returned for the caller to report. Only the URL path and
 * the headers' figures are logged: the keys travel in request headers and never reach a log.
 */
export function rateLimitedFetch(options: RateLimitOptions): typeof globalThis.fetch {
  const { sleep, logger, maxTries = 4, maxWaitMs = 60_000 } = options;
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      const response = await options.fetch(input, init);
      const limit = readRateLimit(response.headers);
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (limit.remaining !== undefined) logger.debug({ path, ...limit }, 'datadog rate limit');
      if (response.status !== 429 || attempt >= maxTries) return response;
      const waitMs = Math.min(maxWaitMs, 1000 * Math.max(1, limit.reset ?? 2 ** attempt));
      logger.warn(
        { path, attempt, waitMs, name: limit.name },
        'datadog rate limit reached; waiting for its reset',
      );
      // Release the unread body; not awaited, as some streams settle only once fully consumed.
      response.body?.cancel().catch(() => {});
      await sleep(waitMs);
    }
  };
}
