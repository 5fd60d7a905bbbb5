import type { client } from '@datadog/datadog-api-client';
import type { Classified, RetryDeps } from '../../../src/util/with-retry.ts';

/** The retry policy's deps as the Datadog source takes them (waits, jitter, the metric's hooks). */
export type DatadogRetry = RetryDeps;

/** Datadog's rate-limit headers (docs.datadoghq.com/api/latest/rate-limits), as numbers where they are. */
export interface RateLimitState {
  name?: string;
  limit?: number;
  remaining?: number;
  period?: number;
  /** Seconds until the window resets. */
  reset?: number;
}

export function readRateLimit(headers: Record<string, string>): RateLimitState {
  const num = (header: string) => {
    const value = headers[header];
    return value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);
  };
  return {
    ...(headers['x-ratelimit-name'] !== undefined && { name: headers['x-ratelimit-name'] }),
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    period: num('x-ratelimit-period'),
    reset: num('x-ratelimit-reset'),
  };
}

/** A 429 or 5xx answer, thrown between tries so the retry policy can read it. */
export class DatadogAnswer extends Error {
  override name = 'DatadogAnswer';
  readonly response: client.ResponseContext;
  constructor(what: string, response: client.ResponseContext) {
    super(`Datadog answered ${response.httpStatusCode} to ${what}`);
    this.response = response;
  }
}

/**
 * How GUARD's retry policy reads a failed Datadog call (Datadog's docs, "Rate Limits"): a 429 waits
 * `X-RateLimit-Reset` seconds (until the window resets), a 5xx and a dropped connection (fetch's
 * TypeError) are transient; an aborted request and everything else are terminal.
 */
export function classifyDatadogFailure(error: unknown): Classified {
  if (error instanceof DatadogAnswer) {
    const { httpStatusCode, headers } = error.response;
    const reset = readRateLimit(headers).reset;
    if (httpStatusCode === 429)
      return reset !== undefined
        ? { kind: 'rate-limited', reason: 'rate-limit', afterMs: reset * 1000 }
        : { kind: 'retry', reason: 'rate-limit' };
    return { kind: 'retry', reason: 'server-error' };
  }
  return error instanceof TypeError ? { kind: 'retry', reason: 'network' } : { kind: 'terminal' };
}
