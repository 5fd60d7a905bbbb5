import { retryAfter } from '../../../src/util/retry-after.ts';
import type { Classified } from '../../../src/util/with-retry.ts';

/** An answer from Prometheus (or a proxy in front of it) that is not a success. */
export class PrometheusHttpError extends Error {
  override name = 'PrometheusHttpError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(message: string, status: number, headers: Record<string, string>) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** No answer at all: the connection failed or the request's own timeout cut it. */
export class PrometheusUnreachableError extends Error {
  override name = 'PrometheusUnreachableError';
  constructor(message: string, cause: Error) {
    super(message, { cause });
  }
}

/**
 * How GUARD's retry policy reads a failed Prometheus request. Prometheus's HTTP API documents 400
 * (bad parameters) and 422 (an expression that cannot be executed) as the query's fault, and 503
 * for a query that timed out or was aborted — transient, as is any 5xx from a proxy in front. A 429
 * (Thanos, Cortex and Mimir limit tenants that way) waits its Retry-After. A dropped connection is
 * tried again; the request's own 30 s timeout is not, as three of them would hold a reconcile for
 * a minute and a half.
 */
export function classifyPrometheusFailure(now: () => number): (error: unknown) => Classified {
  return (error) => {
    if (error instanceof PrometheusUnreachableError) {
      const cause = error.cause as { name?: string } | undefined;
      return cause?.name === 'TimeoutError' || cause?.name === 'AbortError'
        ? { kind: 'terminal' }
        : { kind: 'retry', reason: 'network' };
    }
    if (!(error instanceof PrometheusHttpError)) return { kind: 'terminal' };
    const named = retryAfter(error.headers['retry-after'], now());
    if (error.status === 429)
      return named !== undefined
        ? { kind: 'rate-limited', reason: 'rate-limit', afterMs: named }
        : { kind: 'retry', reason: 'rate-limit' };
    if (error.status >= 500)
      return { kind: 'retry', reason: 'server-error', ...(named !== undefined && { afterMs: named }) };
    return { kind: 'terminal' };
  };
}
