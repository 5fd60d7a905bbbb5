import { GitLabApiError } from './gitlab-api-error.ts';

/** What the retry layer needs from outside; all injected so tests never wait for real. */
export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  now: () => number;
  /** In [0, 1): the jitter. */
  random: () => number;
  log: GitLabLog;
}

/** The logging this adapter does; pino's loggers fit it. */
export interface GitLabLog {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** Tries per request, the first included. */
export const MAX_TRIES = 5;
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 60_000;
/** A reset further away than this is not worth waiting for inside one reconcile. */
const MAX_HEADER_WAIT_MS = 5 * 60_000;

/** Transient answers GitLab gives under load or right after a write, worth another try. */
function isTransient(error: unknown, retryConflicts: boolean): boolean {
  if (!(error instanceof GitLabApiError)) return error instanceof TypeError; // fetch's network failures
  const { status, description } = error;
  if (status === 429 || status >= 500) return true;
  if (status === 409) return retryConflicts || /resource lock/i.test(description);
  // An MR opened right after its branch's commit can race GitLab's branch cache.
  return status === 400 && /source branch .*(does not exist|doesn't exist)/i.test(description);
}

/** Retry-After (seconds or a date), then RateLimit-Reset (epoch seconds); undefined when neither. */
function headerDelay(error: GitLabApiError, now: number): number | undefined {
  const retryAfter = error.headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.max(0, ms);
  }
  const reset = Number(error.headers['ratelimit-reset']);
  if (reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

function backoff(attempt: number, random: () => number): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2); // "equal jitter": never zero, spread out
}

/**
 * Runs `call` until it succeeds, fails for good, or has been tried MAX_TRIES times. 429s wait as long
 * as GitLab's headers say (capped); other transient answers back off exponentially with jitter.
 */
export async function withRetry<T>(
  what: string,
  call: () => Promise<T>,
  deps: RetryDeps,
  options: { retryConflicts?: boolean } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error, options.retryConflicts ?? false)) throw error;
      if (attempt + 1 >= MAX_TRIES) throw gaveUp(what, error);
      const fromHeaders = error instanceof GitLabApiError ? headerDelay(error, deps.now()) : undefined;
      const wait = Math.min(fromHeaders ?? backoff(attempt, deps.random), MAX_HEADER_WAIT_MS);
      const status = error instanceof GitLabApiError ? error.status : 'network';
      deps.log.warn({ what, status, attempt: attempt + 1, waitMs: wait }, 'gitlab request retried');
      await deps.sleep(wait);
    }
  }
}

function gaveUp(what: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `GitLab kept failing ${what} after ${MAX_TRIES} tries (${reason}); check GitLab's status and rate limits, the next reconcile tries again`,
    { cause: error },
  );
}
