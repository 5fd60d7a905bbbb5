import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves after `ms`, or never once `signal` aborts (the work finished first). Injected so tests
 * fire timeouts without waiting for real time.
 */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

export const realDelay: Delay = (ms, signal) =>
  sleep(ms, undefined, { signal }).catch(() => new Promise<void>(() => {}));

export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${formatSeconds(ms)}`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * `work` or, if it has not settled within `ms`, a rejection with DeadlineExceeded. The work itself
 * cannot be cancelled (the ports take no signal), so callers stop using its result instead.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, delay: Delay): Promise<T> {
  const done = new AbortController();
  const timeout = delay(ms, done.signal).then(() => {
    throw new DeadlineExceeded(ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    done.abort();
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
