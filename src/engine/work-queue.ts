import type { Logger } from './logger.ts';

/** Timers, injected so tests drive time themselves. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WorkQueueOptions {
  /**
   * Does the work for one key; may ask to be run again after a while. `hold`: the delay is a wait
   * someone outside asked for (a rate limit), so nothing runs the key sooner, not even a tick.
   */
  run(key: string): Promise<{ requeueAfterMs?: number; hold?: boolean }>;
  /** Keys worked on at once (different keys only: one key never runs twice at a time). */
  concurrency?: number;
  timers?: Timers;
  /** Epoch ms, to tell which of two delays for one key ends first. */
  now?: () => number;
  log: Logger;
  /** Backoff after the n-th consecutive failure of a key (default 2 s doubling, up to 5 minutes). */
  backoffMs?: (failures: number) => number;
}

export interface WorkQueue {
  /**
   * Runs `key` soon (or after `delayMs`); a key already waiting is not queued twice, and a key backing
   * off after failures keeps waiting for its backoff.
   */
  enqueue(key: string, delayMs?: number): void;
  /**
   * Runs `key` in `ms`, so that whatever else arrives for it meanwhile is handled by that one run
   * (debounce with a bound: the first call starts the clock). A key already queued, gathering or
   * backing off is left as it is; a running key runs once more afterwards. `idle()` waits for it.
   */
  gather(key: string, ms: number): void;
  /**
   * Runs `key` now (even during a backoff) and resolves when a run that started after this call
   * ended. Rejects with QueueStoppedError when the queue stops before that run starts.
   */
  runNow(key: string): Promise<void>;
  /** Resolves when nothing is queued or running (delayed keys do not count). */
  idle(): Promise<void>;
  /** Stops taking work, cancels delayed keys, waits for runs in flight. */
  stop(): Promise<void>;
  /** Keys waiting to run now, and keys running. */
  depth(): { queued: number; running: number; delayed: number };
  /** The keys running now (what a shutdown that cannot wait leaves unfinished). */
  running(): string[];
}

/** The queue stopped (shutdown) before the run a caller waited for could start. */
export class QueueStoppedError extends Error {
  override name = 'QueueStoppedError';
  constructor() {
    super('the work queue stopped (shutting down); the work runs again after the restart');
  }
}

/** Real timers that never keep the process alive on their own. */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Serialises work per key (DESIGN section 5): webhooks and ticks only enqueue a key; a key that is
 * enqueued while it runs runs once more afterwards (it may have missed the news), never twice at once,
 * and never more than once queued. Failures back off per key; success resets the backoff.
 */
export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const concurrency = options.concurrency ?? 4;
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? Date.now;
  const backoff = options.backoffMs ?? ((n: number) => Math.min(300_000, 2_000 * 2 ** (n - 1)));
  const ready: string[] = [];
  const queued = new Set<string>();
  const running = new Set<string>();
  const again = new Set<string>();
  // `firm`: a failure's backoff or a held wait, which a plain enqueue does not cut short.
  const delayed = new Map<string, { at: number; handle: unknown; firm: boolean }>();
  const gathering = new Map<string, unknown>();
  const failures = new Map<string, number>();
  type Waiter = { resolve(): void; reject(error: Error): void };
  const waiters = new Map<string, Waiter[]>();
  const pendingWaiters = new Map<string, Waiter[]>();
  let idleWaiters: (() => void)[] = [];
  let stopped = false;

  const enqueue = (key: string, delayMs = 0): void => {
    if (stopped) return;
    if (delayMs > 0) {
      schedule(key, delayMs);
      return;
    }
    // A key backing off after failures, or held by a rate limit, waits for its timer; a tick does not cut it short.
    if (delayed.get(key)?.firm) return;
    enqueueNow(key);
  };

  const enqueueNow = (key: string): void => {
    if (running.has(key)) {
      again.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    ready.push(key);
    pump();
  };

  const schedule = (key: string, delayMs: number, firm = failures.has(key)): void => {
    const at = now() + delayMs;
    const existing = delayed.get(key);
    if (existing && ((existing.firm && !firm) || (existing.firm === firm && existing.at <= at))) return;
    if (existing) timers.clearTimeout(existing.handle);
    const handle = timers.setTimeout(() => {
      delayed.delete(key);
      enqueueNow(key);
    }, delayMs);
    delayed.set(key, { at, handle, firm });
  };

  const pump = (): void => {
    while (running.size < concurrency && ready.length > 0) {
      const key = ready.shift()!;
      queued.delete(key);
      running.add(key);
      // Waiters registered before this run starts are answered when it ends.
      waiters.set(key, [...(waiters.get(key) ?? []), ...(pendingWaiters.get(key) ?? [])]);
      pendingWaiters.delete(key);
      void work(key);
    }
    if (ready.length === 0 && running.size === 0 && gathering.size === 0) {
      const resolve = idleWaiters;
      idleWaiters = [];
      for (const r of resolve) r();
    }
  };

  const work = async (key: string): Promise<void> => {
    let retryAfter: number | undefined;
    let hold = false;
    try {
      const result = await options.run(key);
      failures.delete(key);
      retryAfter = result.requeueAfterMs;
      hold = result.hold === true && retryAfter !== undefined && retryAfter > 0;
    } catch (error) {
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      retryAfter = backoff(n);
      options.log.warn(
        { key, failures: n, retryInMs: retryAfter, err: (error as Error).message },
        'work failed; will retry',
      );
    } finally {
      running.delete(key);
      for (const waiter of waiters.get(key) ?? []) waiter.resolve();
      waiters.delete(key);
    }
    // News that came in during a held run waits with the key: running now would meet the same limit.
    if (hold && !stopped) {
      again.delete(key);
      schedule(key, retryAfter!, true);
    } else if (again.delete(key)) enqueue(key);
    else if (retryAfter !== undefined && retryAfter > 0) enqueue(key, retryAfter);
    pump();
  };

  const gather = (key: string, ms: number): void => {
    if (stopped) return;
    if (ms <= 0 || running.has(key)) {
      enqueue(key);
      return;
    }
    if (queued.has(key) || gathering.has(key) || delayed.get(key)?.firm) return;
    const handle = timers.setTimeout(() => {
      gathering.delete(key);
      enqueueNow(key);
      pump(); // resolves idle waiters when the key was taken meanwhile
    }, ms);
    gathering.set(key, handle);
  };

  return {
    enqueue,
    gather,
    runNow(key) {
      if (stopped) return Promise.reject(new QueueStoppedError());
      return new Promise<void>((resolve, reject) => {
        pendingWaiters.set(key, [...(pendingWaiters.get(key) ?? []), { resolve, reject }]);
        if (running.has(key)) again.add(key);
        else enqueueNow(key);
      });
    },
    idle() {
      if (ready.length === 0 && running.size === 0 && gathering.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopped = true;
      for (const { handle } of delayed.values()) timers.clearTimeout(handle);
      delayed.clear();
      for (const handle of gathering.values()) timers.clearTimeout(handle);
      gathering.clear();
      ready.length = 0;
      queued.clear();
      // Their run will not start here: a caller must not take the work for done.
      for (const list of pendingWaiters.values())
        for (const waiter of list) waiter.reject(new QueueStoppedError());
      pendingWaiters.clear();
      if (running.size > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    depth: () => ({ queued: ready.length, running: running.size, delayed: delayed.size }),
    running: () => [...running],
  };
}
