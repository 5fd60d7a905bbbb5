import { RateLimitedError } from './rate-limited-error.ts';

/**
 * How a failed call is handled, as the adapter that made it reads the failure: `retry` a transient
 * fault (a 5xx, a dropped connection, a documented race), `rate-limited` when the service asked for
 * a pause, `terminal` for everything retrying cannot change. `afterMs` is the wait the service
 * named (Retry-After, a reset time), when it named one; `reason` labels the retry metric.
 */
export type Classified =
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'rate-limited'; reason: string; afterMs: number }
  | { kind: 'terminal' };

/** One retry, as the process's metric and logs see it. */
export interface RetryEvent {
  client: string;
  reason: string;
  /** The try that failed, from 1. */
  attempt: number;
  waitMs: number;
  what?: string;
}

/**
 * What the process wires once and every adapter shares: how to wait (tests pass one that returns at
 * once), the jitter, and whom to tell. The hooks keep this file free of metrics libraries.
 */
export interface RetryDeps {
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter. */
  random?: () => number;
  /** Before each wait-and-retry (the server counts `guard_outbound_retries_total`). */
  onRetry?: (event: RetryEvent) => void;
  /** When a wait is too long to sleep and a RateLimitedError goes to the caller instead. */
  onRateLimited?: (event: { client: string; reason: string; retryAfterMs: number; what?: string }) => void;
}

/**
 * The policy's caps: a few tries close together. Anything slower is the engine's business (its
 * requeue and backoff), never a sleep inside a reconcile that holds a lease.
 */
export const RETRY_LIMITS = {
  /** Tries of one call, the first included. */
  tries: 3,
  /** First backoff (then doubling, with jitter) when the service named no time. */
  baseMs: 500,
  /** Total time one call may spend waiting; a longer named wait becomes a RateLimitedError. */
  budgetMs: 5_000,
};

export interface RetryOptions extends RetryDeps {
  /** The outbound client, as the metric labels it (`github`, `datadog`, `aws-dynamodb` …). */
  client: string;
  classify: (error: unknown) => Classified;
  /** What is being called, for logs (`GET /repos/{owner}/{repo}`); never a secret. */
  what?: string;
  /** The error thrown when a transient fault outlasts the tries (default: the last error as is). */
  giveUp?: (error: unknown, tries: number) => unknown;
  limits?: Partial<typeof RETRY_LIMITS>;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `call` under the one retry policy every outbound client shares: transient faults are tried again
 * after a short jittered backoff, a wait the service names is honoured when it fits the budget, and
 * a longer one becomes a RateLimitedError at once. A RateLimitedError from a nested call passes
 * through untouched.
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { tries, baseMs, budgetMs } = { ...RETRY_LIMITS, ...options.limits };
  const sleep = options.sleep ?? timer;
  const random = options.random ?? Math.random;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      const verdict = options.classify(error);
      if (verdict.kind === 'terminal') throw error;
      const named = verdict.afterMs !== undefined ? Math.max(0, verdict.afterMs) : undefined;
      const wait = named ?? backoff(baseMs, attempt, random);
      const last = attempt >= tries;
      // A limit still in force after the last try, or a named wait past the budget: come back later.
      if (named !== undefined && ((last && verdict.kind === 'rate-limited') || waited + named > budgetMs)) {
        throw rateLimited(options, verdict.reason, named, error);
      }
      if (last) throw options.giveUp ? options.giveUp(error, attempt) : error;
      options.onRetry?.({
        client: options.client,
        reason: verdict.reason,
        attempt,
        waitMs: wait,
        what: options.what,
      });
      waited += wait;
      await sleep(wait);
    }
  }
}

/** "Equal jitter": never zero, spread over the upper half of the doubling step. */
function backoff(baseMs: number, attempt: number, random: () => number): number {
  const step = baseMs * 2 ** (attempt - 1);
  return Math.round(step / 2 + (random() * step) / 2);
}

function rateLimited(options: RetryOptions, reason: string, retryAfterMs: number, cause: unknown) {
  const event = { client: options.client, reason, retryAfterMs, what: options.what };
  options.onRateLimited?.(event);
  return new RateLimitedError({ client: options.client, reason, retryAfterMs, cause });
}
