import { RateLimitedError } from '../../src/util/rate-limited-error.ts';
import { type Classified, type RetryDeps, withRetry } from '../../src/util/with-retry.ts';

/**
 * The SDK's own tries per call: one. AWS SDK v3 retries 3 times by default (its standard retry
 * strategy); GUARD's clients are built with `maxAttempts: 1` and go through `underRetryPolicy`, so
 * there is one policy with one metric, not two stacked loops.
 */
export const SDK_MAX_ATTEMPTS = 1;

/** How long a throttle still in force after the policy's tries holds the work back. */
export const THROTTLED_REQUEUE_MS = 15_000;

// The SDK's own lists (@smithy/core retry/service-error-classification/constants.js).
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

interface AwsError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

/**
 * How GUARD's retry policy reads an AWS SDK v3 error, by the SDK's own classification: a throttling
 * code (or HTTP 429, or `$retryable.throttling`) and a transient code, 5xx or network failure are
 * tried again; every other error — a modelled refusal such as AccessDenied, ResourceNotFound or
 * ConditionalCheckFailed — is terminal. AWS names no wait, so the policy's backoff applies.
 */
export function classifyAwsFailure(error: unknown): Classified {
  const e = (error ?? {}) as AwsError;
  const status = e.$metadata?.httpStatusCode;
  if (THROTTLING.has(e.name ?? '') || status === 429 || e.$retryable?.throttling)
    return { kind: 'retry', reason: 'throttled' };
  if (TRANSIENT.has(e.name ?? '') || (status !== undefined && TRANSIENT_STATUS.has(status)))
    return { kind: 'retry', reason: 'server-error' };
  if (NETWORK.has(e.code ?? '')) return { kind: 'retry', reason: 'network' };
  return { kind: 'terminal' };
}

type Handler = (args: unknown) => Promise<unknown>;
interface WithMiddleware {
  middlewareStack: { add(middleware: unknown, options: object): void };
}

/**
 * Puts an AWS SDK client's calls under the one retry policy: a middleware at the `initialize` step
 * (outermost, so each try is serialised and signed afresh) runs the rest of the stack through
 * withRetry as `aws-<service>` with the AWS classifier. A throttle still in force after the tries
 * becomes a RateLimitedError, so the engine requeues instead of failing a try.
 */
export function underRetryPolicy<C extends WithMiddleware>(
  client: C,
  service: string,
  retry: RetryDeps = {},
): C {
  const name = `aws-${service}`;
  const middleware =
    (next: Handler, context: { commandName?: string }) =>
    (args: unknown): Promise<unknown> =>
      withRetry(() => next(args), {
        ...retry,
        client: name,
        ...(context.commandName && { what: context.commandName }),
        classify: classifyAwsFailure,
        giveUp: (error) => {
          const verdict = classifyAwsFailure(error);
          if (verdict.kind !== 'retry' || verdict.reason !== 'throttled') return error;
          const retryAfterMs = THROTTLED_REQUEUE_MS;
          retry.onRateLimited?.({ client: name, reason: 'throttled', retryAfterMs });
          return new RateLimitedError({ client: name, reason: 'throttled', retryAfterMs, cause: error });
        },
      });
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'guardRetryPolicy', override: true });
  return client;
}
