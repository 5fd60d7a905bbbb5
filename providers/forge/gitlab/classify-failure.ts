import { retryAfter, untilReset } from '../../../src/util/retry-after.ts';
import type { Classified, RetryDeps } from '../../../src/util/with-retry.ts';
import { GitLabApiError } from './gitlab-api-error.ts';

/** The retry policy's deps for GitLab, plus the clock that turns `RateLimit-Reset` into a wait. */
export interface GitLabRetry extends RetryDeps {
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/**
 * How GUARD's retry policy reads a failed GitLab request (GitLab's docs, "Rate limits": a 429 with
 * `Retry-After` in seconds and `RateLimit-Reset` in epoch seconds): a limit waits what GitLab names,
 * a 5xx or a dropped connection (fetch's TypeError) is transient, and so are two documented races —
 * a 409 on a write GitLab serialises under a lock (`retryConflicts`, or "resource lock" in the
 * answer) and a 400 "source branch does not exist" right after the branch's commit (GitLab's branch
 * cache). Everything else — a 4xx GitLab means — is terminal.
 */
export function classifyGitLabFailure(
  now: () => number,
  retryConflicts: boolean,
): (error: unknown) => Classified {
  return (error) => {
    if (!(error instanceof GitLabApiError))
      return error instanceof TypeError ? { kind: 'retry', reason: 'network' } : { kind: 'terminal' };
    const { status, description, headers } = error;
    const named = retryAfter(headers['retry-after'], now()) ?? untilReset(headers['ratelimit-reset'], now());
    if (status === 429)
      return named !== undefined
        ? { kind: 'rate-limited', reason: 'rate-limit', afterMs: named }
        : { kind: 'retry', reason: 'rate-limit' };
    if (status >= 500)
      return { kind: 'retry', reason: 'server-error', ...(named !== undefined && { afterMs: named }) };
    if (status === 409 && (retryConflicts || /resource lock/i.test(description)))
      return { kind: 'retry', reason: 'conflict' };
    if (status === 400 && /source branch .*(does not exist|doesn't exist)/i.test(description))
      return { kind: 'retry', reason: 'branch-cache' };
    return { kind: 'terminal' };
  };
}

/** The error for a request still failing after the policy's tries: what GitLab said and what happens next. */
export function gaveUp(what: string, error: unknown, tries: number): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `GitLab kept failing ${what} after ${tries} tries (${reason}); check GitLab's status and rate limits, the next reconcile tries again`,
    { cause: error },
  );
}
