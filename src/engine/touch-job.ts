import { ConflictError, type StateStore } from '../ports/state-store.ts';
import { JOB_PREFIX, type Job } from './jobs.ts';

const MAX_TRIES = 10;

/**
 * Records durably that a coalescing job is wanted: stores it, or rewrites the stored one (newest
 * content, next version). A run removes its job only at the version it loaded, so a job rewritten
 * while it ran stays and runs again: no event is lost to a run that started before it.
 *
 * Deliveries for one job that arrive while its write is in flight share the next write, which starts
 * after all of them arrived: 200 events for one rollout cost a handful of writes, not 200.
 */
export function createJobToucher(store: StateStore): (id: string, job: Job) => Promise<void> {
  const writing = new Map<string, Promise<void>>();
  const next = new Map<string, { job: Job; done: Promise<void> }>();

  const start = (id: string, job: Job): Promise<void> => {
    const write = bump(store, id, job).finally(() => {
      if (writing.get(id) === write) writing.delete(id);
    });
    writing.set(id, write);
    return write;
  };

  return (id, job) => {
    const waiting = next.get(id);
    if (waiting) {
      waiting.job = job;
      return waiting.done;
    }
    const current = writing.get(id);
    if (!current) return start(id, job);
    const entry = { job, done: Promise.resolve() };
    entry.done = current
      .catch(() => undefined)
      .then(() => {
        next.delete(id);
        return start(id, entry.job);
      });
    next.set(id, entry);
    return entry.done;
  };
}

async function bump(store: StateStore, id: string, job: Job): Promise<void> {
  const key = `${JOB_PREFIX}${id}`;
  // Most jobs are new (a first event about their subject): create first, read only on conflict.
  let expected = 0;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    try {
      await store.put(key, job, expected);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      expected = (await store.get(key))?.version ?? 0;
    }
  }
  throw new Error(`job ${id} keeps changing; the delivery was not recorded`);
}
