import type { Announcement, Announcer } from '../ports/announcer.ts';
import { ConflictError, type StateStore } from '../ports/state-store.ts';
import { type DeliveryLimits, type DeliveryOutcome, deliverRecord } from './deliver-record.ts';
import { holdLease } from './lease.ts';
import type { Logger } from './logger.ts';
import {
  NOTIFY_PREFIX,
  type NotificationRecord,
  nextAttemptAt,
  recordKey,
  rolloutNotifyPrefix,
  rolloutOfRecord,
} from './notification-record.ts';
import { rolloutPageUrl } from './rollout-page-url.ts';
import { createWorkQueue, type Timers } from './work-queue.ts';

export interface NotifierOptions {
  store: StateStore;
  /** The configured sinks; the server builds them from settings (none: no notifier at all). */
  announcers: readonly Announcer[];
  clock: () => Date;
  log: Logger;
  /** This replica's name in leases (stable across its restarts, as the engine's). */
  owner: string;
  /** GUARD_PUBLIC_URL: announcements link to the rollout page under it. */
  publicUrl?: string;
  timers?: Timers;
  limits?: Partial<DeliveryLimits>;
  /** Counts every try by sink and outcome (the server's /metrics). */
  onDelivery?(sink: string, outcome: DeliveryOutcome): void;
}

/** What the engine asks of the notifier. */
export interface Notifier {
  /** Sinks that want `event`, and whether any of them reads the fleet's metrics settings. */
  audience(event: Announcement['event']): { sinks: string[]; usesMetrics: boolean };
  /**
   * Stores `announcement` for every sink that wants it and queues its delivery; a second call for
   * the same announcement (an outbox action repeated after a crash) finds the stored record.
   */
  accept(announcement: Announcement, seq: number): Promise<string[]>;
  /** Queues every rollout with stored announcements (the tick: what a crash left behind). */
  sweep(): Promise<void>;
  idle(): Promise<void>;
  stop(): Promise<void>;
  depth(): { queued: number; running: number; delayed: number };
}

/**
 * Delivers announcements apart from the rollouts they are about: the outbox only stores them, and
 * this queue (one key per rollout, so one rollout's messages go out in order) sends them, retries
 * with backoff and gives up in time. A sink that fails or hangs therefore never delays a wave.
 * A lease per rollout keeps two replicas from sending the same record at once; should one die
 * between sending and recording it, the other sends again with the same id (at least once).
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { store, announcers, clock, owner } = options;
  const log = options.log.child({ component: 'notify' });
  const limits: DeliveryLimits = {
    timeoutMs: 10_000,
    maxTries: 10,
    maxAgeMs: 6 * 3_600_000,
    ...options.limits,
  };
  const deps = { announcers, limits, log, onDelivery: options.onDelivery ?? (() => {}) };

  const runRollout = async (rolloutKey: string): Promise<{ requeueAfterMs?: number }> => {
    const lease = await holdLease({
      store,
      name: `notify/${rolloutKey}`,
      owner,
      ...(options.timers ? { timers: options.timers } : {}),
      now: () => clock().getTime(),
      log,
    });
    if (!lease) return { requeueAfterMs: 30_000 };
    try {
      let next: number | undefined;
      for (const key of await store.list(rolloutNotifyPrefix(rolloutKey))) {
        // Sends can be slow: the heartbeat keeps the lease; stop if another replica took it over meanwhile.
        if (
          !(await lease.confirm().then(
            () => true,
            () => false,
          ))
        )
          return { requeueAfterMs: 30_000 };
        const at = await workOff(key);
        if (at !== undefined) next = Math.min(next ?? at, at);
      }
      return next === undefined ? {} : { requeueAfterMs: Math.max(1_000, next - clock().getTime()) };
    } finally {
      await lease.release();
    }
  };

  /** One record: try the sinks that are due, then store what is left (or remove it). */
  const workOff = async (key: string): Promise<number | undefined> => {
    const found = await store.get(key);
    if (!found) return undefined;
    const record = found.value as NotificationRecord;
    const now = clock();
    const due = nextAttemptAt(record);
    if (due !== undefined && due > now.getTime()) return due;
    await deliverRecord(deps, record, now);
    try {
      if (Object.keys(record.pending).length === 0) await store.remove(key, found.version);
      else await store.put(key, record, found.version);
    } catch (error) {
      // Another replica worked this record meanwhile: look again shortly.
      if (!(error instanceof ConflictError)) throw error;
      return now.getTime() + 1_000;
    }
    return nextAttemptAt(record);
  };

  const queue = createWorkQueue({
    log,
    concurrency: 4,
    ...(options.timers ? { timers: options.timers } : {}),
    now: () => clock().getTime(),
    run: runRollout,
  });

  const audience = (event: Announcement['event']) => {
    const wanting = announcers.filter((a) => a.wants(event));
    return { sinks: wanting.map((a) => a.id), usesMetrics: wanting.some((a) => a.usesMetrics === true) };
  };

  return {
    audience,
    async accept(announcement, seq) {
      const { sinks } = audience(announcement.event);
      if (sinks.length === 0) return [];
      const url = options.publicUrl && rolloutPageUrl(options.publicUrl, announcement.rollout.key);
      const record: NotificationRecord = {
        announcement: url ? { ...announcement, rollout: { ...announcement.rollout, url } } : announcement,
        pending: Object.fromEntries(sinks.map((id) => [id, { tries: 0 }])),
        storedAt: clock().toISOString(),
      };
      try {
        await store.put(recordKey(announcement, seq), record, 0);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      queue.enqueue(announcement.rollout.key);
      return sinks;
    },
    async sweep() {
      const keys = await store.list(NOTIFY_PREFIX);
      for (const rolloutKey of new Set(keys.map(rolloutOfRecord))) queue.enqueue(rolloutKey);
    },
    idle: () => queue.idle(),
    stop: () => queue.stop(),
    depth: () => queue.depth(),
  };
}
