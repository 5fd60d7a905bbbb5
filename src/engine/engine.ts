import { rolloutEnded } from '../rollout/decide-draft.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { authorizeLive, type CommandParser, fleetAtHead, rolloutOf, runCommandJob } from './command-job.ts';
import type { EngineDeps } from './deps.ts';
import { discoverRollouts, knownProjects, rememberProject } from './discover.ts';
import type { EventSink } from './events.ts';
import { addToInbox } from './inbox.ts';
import { countJobFailure, type Job, jobFor, loadJob, pendingJobs, removeJob, saveJob } from './jobs.ts';
import { STATE_PREFIX } from './keys.ts';
import { holdLease } from './lease.ts';
import { reconcile } from './reconcile.ts';
import type { RolloutDoc } from './rollout-doc.ts';
import { runPreviewJob, runSyncJob } from './sync-job.ts';
import { createWorkQueue, type WorkQueue } from './work-queue.ts';

/** Tries of a webhook job (with backoff between them) before it is given up with an error log. */
const JOB_TRIES = 5;

/** Delivery ids are remembered this long (GitHub and GitLab redeliver within days at most). */
const DELIVERY_TTL_MS = 7 * 24 * 3600 * 1000;

export interface EngineOptions extends EngineDeps {
  parseCommand: CommandParser;
  /** Rollouts reconciled at once (distinct rollouts only). */
  concurrency?: number;
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
  stop(): Promise<void>;
}

/**
 * GUARD's engine: webhooks and ticks only enqueue; a work queue per kind (jobs, rollouts) serialises
 * work per key, and reconcile does the rest, level-triggered, under a lease across replicas.
 */
export function createEngine(options: EngineOptions): Engine {
  const deps: EngineDeps = options;
  const log = options.log;
  const rollouts = createWorkQueue({
    log,
    concurrency: options.concurrency ?? 4,
    ...(options.timers ? { timers: options.timers } : {}),
    now: () => options.clock().getTime(),
    run: async (key) => {
      const result = await reconcile(deps, key);
      if (result.outcome === 'rate-limited') return { requeueAfterMs: result.requeueAfterMs, hold: true };
      return result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : {};
    },
  });
  const reconcileNow = (key: string) => rollouts.runNow(key);
  const heads = new Map<string, string>();
  const jobs = createWorkQueue({
    log,
    concurrency: 4,
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
          const tries = await countJobFailure(deps.store, id, stored.job, stored.version);
          if (tries < JOB_TRIES) throw error;
          log.error(
            { job: id, kind: stored.job.kind, tries, err: (error as Error).message },
            'job abandoned',
          );
          await removeJob(deps.store, id, stored.version + 1);
          return {};
        }
        await removeJob(deps.store, id, stored.version);
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

  const sink: EventSink = {
    async deliver({ id, event }) {
      const job = jobFor(event, (body) => options.parseCommand(body) !== undefined);
      if (!job) return 'accepted';
      const jobId = `${event.forge}:${id}`;
      if (!(await saveJob(deps.store, jobId, job))) return 'duplicate';
      if (!(await deps.store.markDelivery(jobId, DELIVERY_TTL_MS))) {
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
      for (const source of await knownProjects(deps.store)) {
        try {
          for (const key of await discoverRollouts(deps, source, heads)) rollouts.enqueue(key);
        } catch (error) {
          log.warn(
            { project: source.project, err: (error as Error).message },
            'could not look at repository',
          );
        }
      }
      for (const stateKey of await deps.store.list(STATE_PREFIX)) {
        const doc = (await deps.store.get(stateKey))?.value as RolloutDoc | undefined;
        if (doc && (doc.outbox || !rolloutEnded(doc.state)))
          rollouts.enqueue(stateKey.slice(STATE_PREFIX.length));
      }
      // Announcements a crash or a failing sink left behind; a notifier problem never fails the tick.
      await deps.notifier?.sweep().catch((error: Error) => {
        log.warn({ err: error.message }, 'could not look for pending notifications');
      });
    },
    async idle() {
      const busy = (q: Pick<WorkQueue, 'depth'> | undefined) =>
        q ? q.depth().queued + q.depth().running : 0;
      do {
        await jobs.idle();
        await rollouts.idle();
        await deps.notifier?.idle();
      } while (busy(jobs) + busy(rollouts) + busy(deps.notifier) > 0);
    },
    async stop() {
      await jobs.stop();
      await rollouts.stop();
      await deps.notifier?.stop();
    },
  };
}

async function runJob(
  deps: EngineDeps,
  parse: CommandParser,
  reconcileNow: (key: string) => Promise<void>,
  id: string,
  job: Job,
): Promise<void> {
  switch (job.kind) {
    case 'reconcile':
      return reconcileNow(job.key);
    case 'sync': {
      await rememberProject(deps.store, job.source);
      const keys = await runSyncJob(deps, job.source, job.sha);
      await Promise.all(keys.map(reconcileNow));
      return;
    }
    case 'preview':
      if (job.author && (await runPreviewJob(deps, job.source, job.number, job.headSha))) {
        deps.log.info({ mr: job.number }, 'plan preview posted');
      }
      return;
    case 'command':
      return runCommandJob(deps, job.event, parse, reconcileNow);
    case 'rerun':
      return rerun(deps, id, job.event, reconcileNow);
  }
}

/** A GitHub check re-run is `/guard recheck` by whoever pressed the button (GitHub let them: write access). */
async function rerun(
  deps: EngineDeps,
  id: string,
  event: Extract<Job, { kind: 'rerun' }>['event'],
  reconcileNow: (key: string) => Promise<void>,
): Promise<void> {
  const number = event.mrNumbers[0];
  if (number === undefined) return;
  const forge = await deps.forgeFor(event);
  const key = await rolloutOf(deps.store, forge, { ...event, on: { kind: 'mr', number } });
  if (!key) return;
  // The same rules as a `/guard recheck` comment: live permission, narrowed by fleet.yaml.
  const verdict = await authorizeLive(forge, await fleetAtHead(deps, forge), 'recheck', event.author, false);
  if (!verdict.allowed) {
    await deps.store.appendAudit(key, {
      at: deps.clock().toISOString(),
      actor: event.author,
      action: 'command.refused',
      reason: `${event.checkName} re-run: ${verdict.reason}`,
      details: { id: `${key}#rerun:${id}` },
    });
    return;
  }
  const command = {
    id: `rerun:${id}`,
    name: 'recheck' as const,
    by: event.author,
    at: deps.clock().toISOString(),
    on: { kind: 'mr' as const, number },
  };
  if (await addToInbox(deps.store, key, command)) {
    await deps.store.appendAudit(key, {
      at: command.at,
      actor: event.author,
      action: 'command.accepted',
      reason: `${event.checkName} re-run requested (same as /guard recheck)`,
      details: { id: `${key}#rerun:${id}` },
    });
  }
  await reconcileNow(key);
}
