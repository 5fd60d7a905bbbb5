import { ConflictError } from '../ports/state-store.ts';
import { rolloutEnded } from '../rollout/decide-draft.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import type { CommandParser } from './command-job.ts';
import type { EngineDeps } from './deps.ts';
import { discoverRollouts, knownProjects } from './discover.ts';
import { createDurableReads } from './durable-reads.ts';
import type { EventSink } from './events.ts';
import { coalesces, countJobFailure, loadJob, pendingJobs, removeJob, saveJob, triage } from './jobs.ts';
import { leaseName, STATE_PREFIX } from './keys.ts';
import { holdLease } from './lease.ts';
import { createReadMemo, type ReadMemoOptions } from './read-memo.ts';
import { reconcile } from './reconcile.ts';
import type { RolloutDoc } from './rollout-doc.ts';
import { runJob } from './run-job.ts';
import { createJobToucher } from './touch-job.ts';
import { createWorkQueue, type WorkQueue } from './work-queue.ts';

/** Tries of a webhook job (with backoff between them) before it is given up with an error log. */
const JOB_TRIES = 5;

/** Repositories whose default branch the tick looks at at once. */
const DISCOVERY_CONCURRENCY = 8;

/** Delivery ids are remembered this long (GitHub and GitLab redeliver within days at most). */
const DELIVERY_TTL_MS = 7 * 24 * 3600 * 1000;

export interface EngineOptions extends EngineDeps {
  parseCommand: CommandParser;
  /** Rollouts reconciled at once (distinct rollouts only). */
  concurrency?: number;
  /** Webhook jobs run at once (default 2). */
  jobConcurrency?: number;
  /**
   * How long a new rollout or preview job waits for more events about its subject before it runs
   * (default 0: at once). The server waits a second: a burst of events is one reconcile.
   */
  gatherMs?: number;
  /** Bounds of what the engine keeps of earlier forge reads (tests shrink them). */
  readMemo?: Omit<ReadMemoOptions, 'clock'>;
}

export interface Engine {
  /** Where verified webhooks go: a durable job per delivery, then the work runs after the reply. */
  readonly sink: EventSink;
  /** The cron tick: reruns stored jobs and enqueues every rollout that is not over. */
  tick(): Promise<void>;
  /** Reconciles one rollout now (serialised with every other run of it in this process). */
  reconcileNow(key: string): Promise<void>;
  readonly rollouts: WorkQueue;
  readonly jobs: WorkQueue;
  /** Resolves when no job and no reconcile is queued or running. */
  idle(): Promise<void>;
  /**
   * Starts no more work and waits up to `graceMs` (default: as long as it takes) for the work that
   * runs. Work still running then is abandoned: its leases are given up, so another replica (or the
   * restart) takes it over at once, and its stored job stays to be run again. Being level-triggered,
   * an interrupted reconcile is safe to repeat. Resolves with what was abandoned.
   */
  stop(graceMs?: number): Promise<{ abandoned: string[] }>;
}

/**
 * GUARD's engine: webhooks and ticks only enqueue; a work queue per kind (jobs, rollouts) serialises
 * work per key, and reconcile does the rest, level-triggered, under a lease across replicas.
 */
export function createEngine(options: EngineOptions): Engine {
  // Aborted when a shutdown abandons running work: its leases' heartbeats stop before the release.
  const halt = new AbortController();
  // Reads that cannot have changed are not repeated (read-memo.ts): every forge the engine uses
  // answers a commit's files from memory, and only a reconcile the tick started reuses the head the
  // tick just read (a webhook's, a requeued or a direct one reads it again).
  const memo = createReadMemo({
    clock: options.clock,
    durable: createDurableReads(options.store),
    ...options.readMemo,
  });
  const deps: EngineDeps = { ...options, halt: halt.signal, forgeFor: memo.wrapFresh(options.forgeFor) };
  const tickDeps: EngineDeps = { ...options, halt: halt.signal, forgeFor: memo.wrap(options.forgeFor) };
  const fromTick = new Set<string>();
  const log = options.log;
  const rollouts = createWorkQueue({
    log,
    concurrency: options.concurrency ?? 4,
    ...(options.timers ? { timers: options.timers } : {}),
    now: () => options.clock().getTime(),
    run: async (key) => {
      const result = await reconcile(fromTick.delete(key) ? tickDeps : deps, key);
      if (result.outcome === 'rate-limited') return { requeueAfterMs: result.requeueAfterMs, hold: true };
      return result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : {};
    },
  });
  const reconcileNow = (key: string) => rollouts.runNow(key);
  const heads = new Map<string, string>();
  const jobs = createWorkQueue({
    log,
    // Measured (server bench, pushes to guard/): with 4 jobs at once their planning and reconciling
    // stretch the event loop's turns so much that acknowledgements wait 2-3 times longer than with
    // 1 or 2; 2 keeps a slow forge call from holding up every other job.
    concurrency: options.jobConcurrency ?? 2,
    ...(options.timers ? { timers: options.timers } : {}),
    now: () => options.clock().getTime(),
    run: async (id) => {
      // Every replica's tick sees every stored job: a lease makes one of them run it at a time.
      const lease = await holdLease({
        store: deps.store,
        name: `job/${id}`,
        owner: deps.owner,
        ...(deps.leaseMs !== undefined ? { ttlMs: deps.leaseMs } : {}),
        ...(deps.timers ? { timers: deps.timers } : {}),
        signal: halt.signal,
        now: () => deps.clock().getTime(),
        log,
      });
      if (!lease) return { requeueAfterMs: 30_000 };
      try {
        const stored = await loadJob(deps.store, id);
        if (!stored) return {};
        try {
          await runJob(deps, options.parseCommand, reconcileNow, id, stored.job);
        } catch (error) {
          if (error instanceof RateLimitedError) return jobRateLimited(id, error);
          const tries = await countJobFailure(deps.store, id, stored.job, stored.version).catch(
            (conflict: unknown) => {
              // Rewritten by a new event meanwhile: a fresh job, retried with backoff like this one.
              if (conflict instanceof ConflictError) throw error;
              throw conflict;
            },
          );
          if (tries < JOB_TRIES) throw error;
          log.error(
            { job: id, kind: stored.job.kind, tries, err: (error as Error).message },
            'job abandoned',
          );
          await removeIfUnchanged(id, stored.version + 1);
          return {};
        }
        await removeIfUnchanged(id, stored.version);
        return {};
      } finally {
        await lease.release();
      }
    },
  });

  /** A job that met a rate limit runs again after the wait; it is no failed try. */
  const jobRateLimited = (id: string, error: RateLimitedError) => {
    const requeueAfterMs = Math.max(1_000, error.retryAfterMs);
    log.warn(
      { job: id, client: error.client, reason: error.reason, retryAfterMs: requeueAfterMs },
      'rate limited; job resumes after the wait',
    );
    return { requeueAfterMs, hold: true };
  };

  /** A job rewritten by an event while it ran stays stored, and runs again for that event. */
  const removeIfUnchanged = async (id: string, version: number): Promise<void> => {
    try {
      await removeJob(deps.store, id, version);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      jobs.enqueue(id);
    }
  };

  const touchJob = createJobToucher(deps.store);
  const sink: EventSink = {
    async deliver({ id, event }) {
      // Whatever it says, the repository changed: its next reconcile reads the head again.
      memo.forgetHead(event);
      const triaged = triage(event, id, (body) => options.parseCommand(body) !== undefined);
      if ('drop' in triaged) return 'accepted';
      const { id: jobId, job } = triaged;
      if (coalesces(job)) {
        await touchJob(jobId, job);
        jobs.gather(jobId, options.gatherMs ?? 0);
        return 'accepted';
      }
      // A stored job of this id is still to run (a redelivery, or the same commit pushed again).
      if (!(await saveJob(deps.store, jobId, job))) return 'duplicate';
      if (!(await deps.store.markDelivery(`${event.forge}:${id}`, DELIVERY_TTL_MS))) {
        // Seen and finished before: this is a redelivery of work already done.
        const stored = await loadJob(deps.store, jobId);
        if (stored) await removeJob(deps.store, jobId, stored.version);
        return 'duplicate';
      }
      jobs.enqueue(jobId);
      return 'accepted';
    },
  };

  return {
    sink,
    reconcileNow,
    rollouts,
    jobs,
    async tick() {
      for (const id of await pendingJobs(deps.store)) jobs.enqueue(id);
      // Collected first, so a rollout both discovered and stored is reconciled once per tick.
      const due = new Set<string>();
      // Each repository's head is one forge round trip: a few at once, so a large fleet's tick is
      // not a thousand sequential requests (the reconciles that follow have their own bound).
      const sources = await knownProjects(deps.store);
      const look = async (): Promise<void> => {
        for (let source = sources.pop(); source; source = sources.pop()) {
          try {
            for (const key of await discoverRollouts(deps, source, heads)) due.add(key);
          } catch (error) {
            log.warn(
              { project: source.project, err: (error as Error).message },
              'could not look at repository',
            );
          }
        }
      };
      await Promise.all(Array.from({ length: DISCOVERY_CONCURRENCY }, look));
      for (const stateKey of await deps.store.list(STATE_PREFIX)) {
        const doc = (await deps.store.get(stateKey))?.value as RolloutDoc | undefined;
        if (doc && (doc.outbox || !rolloutEnded(doc.state))) due.add(stateKey.slice(STATE_PREFIX.length));
      }
      for (const key of due) {
        fromTick.add(key);
        rollouts.enqueue(key);
      }
      // Announcements a crash or a failing sink left behind; a notifier problem never fails the tick.
      await deps.notifier?.sweep().catch((error: Error) => {
        log.warn({ err: error.message }, 'could not look for pending notifications');
      });
      await deps.analysis?.sweep().catch((error: Error) => {
        log.warn({ err: error.message }, 'could not look for pending failure analyses');
      });
    },
    async idle() {
      const busy = (q: Pick<WorkQueue, 'depth'> | undefined) =>
        q ? q.depth().queued + q.depth().running : 0;
      do {
        await jobs.idle();
        await rollouts.idle();
        await deps.notifier?.idle();
        await deps.analysis?.idle();
      } while (busy(jobs) + busy(rollouts) + busy(deps.notifier) + busy(deps.analysis) > 0);
    },
    async stop(graceMs = Number.POSITIVE_INFINITY) {
      const finished = Promise.all([
        jobs.stop(),
        rollouts.stop(),
        deps.notifier?.stop(),
        deps.analysis?.stop(),
      ]).then(() => true);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<false>((resolve) => {
        if (Number.isFinite(graceMs)) timer = setTimeout(() => resolve(false), graceMs);
      });
      const done = await Promise.race([finished, expired]);
      clearTimeout(timer);
      if (done) return { abandoned: [] };
      const leases = [...jobs.running().map((id) => `job/${id}`), ...rollouts.running().map(leaseName)];
      log.warn({ leases }, 'shutdown grace ended with work running: abandoned, to be repeated');
      halt.abort();
      await releaseWithin(deps, leases, 2_000);
      return { abandoned: [...jobs.running(), ...rollouts.running()] };
    },
  };
}

/** Gives up this replica's `leases`, waiting no longer than `ms` for a store that may be failing too. */
async function releaseWithin(deps: EngineDeps, leases: string[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled(leases.map((lease) => deps.store.releaseLease(lease, deps.owner))),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
