/**
 * A remote service asked GUARD to come back later than it is worth waiting for in place: the work
 * that called it stops (its progress is stored) and runs again after `retryAfterMs`. Nobody sleeps
 * for minutes while holding a lease; the engine turns this error into a requeue of the key.
 */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  /** Which outbound client was limited (`github`, `gitlab`, `datadog`, `kubernetes`, `aws-sts` …). */
  readonly client: string;
  /** How long the service asked GUARD to wait, in milliseconds. */
  readonly retryAfterMs: number;
  /** What the service signalled (`rate-limit`, `server-error` with a Retry-After …). */
  readonly reason: string;

  constructor(input: { client: string; retryAfterMs: number; reason: string; cause?: unknown }) {
    const seconds = Math.ceil(input.retryAfterMs / 1000);
    const said = input.cause instanceof Error ? `: ${input.cause.message.slice(0, 300)}` : '';
    super(`${input.client} asked GUARD to wait ${seconds} s (${input.reason})${said}`, {
      cause: input.cause,
    });
    this.client = input.client;
    this.retryAfterMs = input.retryAfterMs;
    this.reason = input.reason;
  }
}
