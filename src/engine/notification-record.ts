import type { Announcement } from '../ports/announcer.ts';

/** Every stored announcement lives under this prefix, then its rollout's key. */
export const NOTIFY_PREFIX = 'notify/';

/**
 * An announcement waiting to reach its sinks: stored by the rollout's outbox (so a crash never
 * loses it) and worked off by the notifier, which removes it once no sink is left to try.
 */
export interface NotificationRecord {
  announcement: Announcement;
  /** Sinks not reached yet, each with its failed tries, when to try next and the last error. */
  pending: Record<string, SinkProgress>;
  /** ISO time stored; a record older than the notifier's limit is given up. */
  storedAt: string;
}

export interface SinkProgress {
  tries: number;
  nextAt?: string;
  lastError?: string;
}

/** Where one rollout's records are listed from: `notify/<rollout key>/`. */
export const rolloutNotifyPrefix = (rolloutKey: string): string => `${NOTIFY_PREFIX}${rolloutKey}/`;

/**
 * The record's key sorts by the time of the transition and then by its place in the decision, so
 * one rollout's messages go out in the order things happened. The id makes it unique and lets a
 * repeated outbox action find the record it stored before.
 */
export function recordKey(announcement: Announcement, seq: number): string {
  const time = Date.parse(announcement.at).toString(36).padStart(9, '0');
  const order = seq.toString(36).padStart(2, '0');
  return `${rolloutNotifyPrefix(announcement.rollout.key)}${time}-${order}-${announcement.id.slice(0, 16)}`;
}

/** The rollout a record key belongs to (rollout keys contain `/`, record names never do). */
export function rolloutOfRecord(key: string): string {
  return key.slice(NOTIFY_PREFIX.length, key.lastIndexOf('/'));
}

/** The earliest time (epoch ms) a pending sink of `record` may be tried again; undefined when none waits. */
export function nextAttemptAt(record: NotificationRecord): number | undefined {
  const times = Object.values(record.pending).map((p) => (p.nextAt ? Date.parse(p.nextAt) : 0));
  return times.length > 0 ? Math.min(...times) : undefined;
}
