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
