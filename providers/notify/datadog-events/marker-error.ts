import { AnnounceRefusedError } from '../../../src/ports/announcer.ts';
import { retryable } from '../delivery-failure.ts';

/**
 * A failed marker in GUARD's terms: Datadog's 4xx (a bad key, a body it will not take) needs a
 * person; 5xx, 408, 429 and network errors may pass on another try. The message is the metrics
 * source's, which names Datadog's errors and never a key.
 */
export function markerError(error: unknown): Error {
  const status = (error as { status?: unknown }).status;
  const message = (error as Error).message ?? String(error);
  if (typeof status === 'number' && !retryable(status)) return new AnnounceRefusedError(message);
  return error instanceof Error ? error : new Error(message);
}
