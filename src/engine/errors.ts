/**
 * An action that cannot succeed by being retried (the plan no longer has the wave, a file cannot be
 * edited safely): reconcile records it, stops the rollout with the reason, and does not retry.
 * Everything else (forge 5xx, timeouts) is retried with backoff by the work queue.
 */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** This replica's lease on a rollout ran out and another replica holds it now: stop, touch nothing. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/**
 * A request the other side refused for good, which no retry changes: an HTTP 4xx other than auth
 * (tokens rotate), timeouts, conflicts and limits, or an error its adapter marks `refused` (GitHub
 * answers a GraphQL document it cannot run with HTTP 200). The engine abandons such an action.
 */
export function refusedForGood(error: unknown): boolean {
  const e = error as { status?: unknown; refused?: unknown } | undefined;
  if (e?.refused === true) return true;
  const status = e?.status;
  return (
    typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 408, 409, 429].includes(status)
  );
}
