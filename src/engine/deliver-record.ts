import {
  type Announcement,
  AnnounceRefusedError,
  AnnounceRetryLaterError,
  type Announcer,
} from '../ports/announcer.ts';
import type { Logger } from './logger.ts';
import type { NotificationRecord, SinkProgress } from './notification-record.ts';

/** How the notifier tries: per delivery, per sink, per record. */
export interface DeliveryLimits {
  /** A sink that has not answered by then failed this try (default 10 s). */
  timeoutMs: number;
  /** Failed tries of one sink before the record gives it up (default 10: about 20 minutes of backoff). */
  maxTries: number;
  /** A record older than this is given up for every sink still pending (default 6 hours). */
  maxAgeMs: number;
}

export type DeliveryOutcome = 'sent' | 'failed' | 'abandoned';

export interface DeliverDeps {
  announcers: readonly Announcer[];
  limits: DeliveryLimits;
  log: Logger;
  onDelivery(sink: string, outcome: DeliveryOutcome): void;
}

/** 5 s after the first failure, doubling, at most 5 minutes. */
const backoff = (tries: number): number => Math.min(300_000, 5_000 * 2 ** (tries - 1));

/**
 * One try of every sink of `record` that is due at `now`, all at once, so a slow sink does not
 * hold up the others. Updates `record.pending` in place: a sink that took it is removed, one that
 * failed is given a time to try again, or is given up when it refused, ran out of tries, or the
 * record is too old. Never throws for a sink's failure.
 */
export async function deliverRecord(deps: DeliverDeps, record: NotificationRecord, now: Date): Promise<void> {
  const due = Object.entries(record.pending).filter(
    ([, progress]) => !progress.nextAt || Date.parse(progress.nextAt) <= now.getTime(),
  );
  await Promise.all(due.map(([sink, progress]) => tryOne(deps, record, sink, progress, now)));
}

async function tryOne(
  deps: DeliverDeps,
  record: NotificationRecord,
  sink: string,
  progress: SinkProgress,
  now: Date,
): Promise<void> {
  const a = record.announcement;
  const fields = { sink, event: a.event, id: a.id, rollout: a.rollout.key };
  const announcer = deps.announcers.find((x) => x.id === sink);
  if (!announcer) {
    deps.log.warn(fields, 'notification sink no longer configured; dropped');
    delete record.pending[sink];
    return;
  }
  try {
    await withDeadline(announcer, a, deps.limits.timeoutMs);
    delete record.pending[sink];
    deps.log.info(fields, 'notification sent');
    deps.onDelivery(sink, 'sent');
  } catch (error) {
    progress.tries += 1;
    progress.lastError = (error as Error).message.slice(0, 300);
    const details = { ...fields, tries: progress.tries, err: progress.lastError };
    const old = now.getTime() - Date.parse(record.storedAt) >= deps.limits.maxAgeMs;
    if (error instanceof AnnounceRefusedError || progress.tries >= deps.limits.maxTries || old) {
      delete record.pending[sink];
      deps.log.error(details, 'notification abandoned');
      deps.onDelivery(sink, 'abandoned');
      return;
    }
    const later = error instanceof AnnounceRetryLaterError ? error.retryAfterMs : 0;
    progress.nextAt = new Date(now.getTime() + Math.max(backoff(progress.tries), later)).toISOString();
    deps.log.warn(details, 'notification failed; will retry');
    deps.onDelivery(sink, 'failed');
  }
}

/** The sink's try, cut off (and its request aborted) when it has not answered in time. */
async function withDeadline(announcer: Announcer, a: Announcement, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([announcer.announce(a, controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
