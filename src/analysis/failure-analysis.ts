import { createWorkQueue, type Timers } from '../engine/work-queue.ts';
import { ConflictError } from '../ports/state-store.ts';
import {
  ANALYSIS_PREFIX,
  type AnalysisRecord,
  analysisKey,
  rolloutAnalysisPrefix,
  rolloutOfAnalysis,
} from './analysis-record.ts';
import type { WaveEvidence } from './wave-evidence.ts';
import {
  type AnalysisLimits,
  type AnalysisOutcome,
  type WorkOffDeps,
  workOffAnalysis,
} from './work-off-analysis.ts';

export type { AnalysisLimits, AnalysisOutcome } from './work-off-analysis.ts';

/**
 * What a record's work-off needs (the engine's ways to the forge, for the comment, and to a fleet's
 * clusters, for events), plus the queue's own: this replica's name in leases and its timers.
 */
export interface FailureAnalysisOptions extends Omit<WorkOffDeps, 'limits' | 'onOutcome'> {
  owner: string;
  timers?: Timers;
  limits?: Partial<AnalysisLimits>;
  /** Counts each analysis by how it ended (the server's /metrics). */
  onOutcome?(outcome: AnalysisOutcome): void;
}

/** What one failed wave asks for: a comment on its rollback MR. */
export interface AnalysisRequest {
  rollout: string;
  /** Idempotency key: the `rollback.opened` announcement's id. */
  id: string;
  mr: { number: number; url: string };
  evidence: WaveEvidence;
}

/** What the engine asks of the failure analysis. */
export interface FailureAnalysis {
  /** Stores the request once (a repeated outbox action finds it stored) and queues it. */
  accept(request: AnalysisRequest): Promise<void>;
  /** Queues every rollout with stored requests (the tick: what a crash or an outage left behind). */
  sweep(): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
  depth(): { queued: number; running: number; delayed: number };
}

const LEASE_MS = 120_000;

/**
 * Failure analysis apart from the rollout it is about, the way the notifier delivers
 * announcements: the outbox only stores a record, and this queue (one key per rollout, a lease per
 * rollout across replicas) reads the events, asks the model at most once, and posts the answer.
 * The rollback MR never waits for it, and a model that is slow, down or wrong changes nothing GUARD
 * decides: the section is left out, logged and counted.
 */
export function createFailureAnalysis(options: FailureAnalysisOptions): FailureAnalysis {
  const { store, clock, owner } = options;
  const log = options.log.child({ component: 'analysis' });
  const limits: AnalysisLimits = {
    timeoutMs: 30_000,
    events: { clusters: 5, perCluster: 40, timeoutMs: 10_000 },
    maxPostTries: 8,
    maxAgeMs: 6 * 3_600_000,
    ...options.limits,
  };
  const deps = { ...options, log, limits, onOutcome: options.onOutcome ?? (() => {}) };

  const runRollout = async (rollout: string): Promise<{ requeueAfterMs?: number }> => {
    const lease = `analysis/${rollout}`;
    if (!(await store.acquireLease(lease, owner, LEASE_MS))) return { requeueAfterMs: 30_000 };
    try {
      let next: number | undefined;
      for (const key of await store.list(rolloutAnalysisPrefix(rollout))) {
        if (!(await store.acquireLease(lease, owner, LEASE_MS))) return { requeueAfterMs: 30_000 };
        const at = await workOffAnalysis(deps, key).catch((error: unknown) => {
          // Another replica worked this record meanwhile: look again shortly.
          if (error instanceof ConflictError) return clock().getTime() + 1_000;
          throw error;
        });
        if (at !== undefined) next = Math.min(next ?? at, at);
      }
      return next === undefined ? {} : { requeueAfterMs: Math.max(1_000, next - clock().getTime()) };
    } finally {
      await store.releaseLease(lease, owner);
    }
  };

  const queue = createWorkQueue({
    log,
    concurrency: 2,
    ...(options.timers ? { timers: options.timers } : {}),
    now: () => clock().getTime(),
    run: runRollout,
  });

  return {
    async accept(request) {
      const record: AnalysisRecord = { ...request, storedAt: clock().toISOString(), status: 'pending' };
      try {
        await store.put(analysisKey(request.rollout, request.id), record, 0);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      queue.enqueue(request.rollout);
    },
    async sweep() {
      const keys = await store.list(ANALYSIS_PREFIX);
      for (const rollout of new Set(keys.map(rolloutOfAnalysis))) queue.enqueue(rollout);
    },
    idle: () => queue.idle(),
    stop: () => queue.stop(),
    depth: () => queue.depth(),
  };
}
