/**
 * Telling the outside world what a rollout did: chat messages (Slack), a signed JSON webhook, and
 * deployment markers beside the graphs (Datadog events). Adapters live in providers/notify/, one
 * folder each, and pass test/contract/announcer.contract.ts. Every one is optional; the engine
 * delivers announcements through its outbox and a notifier of its own, so a sink that fails or
 * hangs never holds a rollout back.
 */
export interface Announcer {
  /** Names the sink in logs, metrics and stored delivery records (`slack`, `webhook`, …). */
  readonly id: string;
  /** Whether this sink's readers want to hear about `event` (a chat wants fewer than a dashboard). */
  wants(event: AnnouncementEvent): boolean;
  /**
   * Reads `announcement.metrics` (where the fleet's soak metrics live, for markers on the same
   * graphs); the engine looks the fleet up only for sinks that say so.
   */
  readonly usesMetrics?: boolean;
  /**
   * Delivers `announcement` once. Throws when it did not arrive: an AnnounceRefusedError when
   * trying again cannot help (a revoked token, a deleted channel), any other error to be retried.
   * A retry carries the same `announcement.id`, so receivers that can see it drop duplicates.
   * Error messages never contain a URL or token of the sink.
   */
  announce(announcement: Announcement, signal: AbortSignal): Promise<void>;
}

/**
 * What happened, as fixed names receivers can switch on: a wave MR opened, a wave merged, applied
 * on every cluster, passed or failed its soak, a rollback MR opened, the rollout ended.
 */
export type AnnouncementEvent =
  | 'wave.opened'
  | 'wave.merged'
  | 'wave.applied'
  | 'wave.passed'
  | 'wave.failed'
  | 'rollback.opened'
  | 'rollout.ended';

export const ANNOUNCEMENT_EVENTS: readonly AnnouncementEvent[] = [
  'wave.opened',
  'wave.merged',
  'wave.applied',
  'wave.passed',
  'wave.failed',
  'rollback.opened',
  'rollout.ended',
];

/** One transition of one rollout, with everything a message about it needs. */
export interface Announcement {
  /** Idempotency key: the same for every delivery of this announcement, unique across announcements. */
  id: string;
  event: AnnouncementEvent;
  /** ISO time of the transition. */
  at: string;
  rollout: {
    /** `<forge>:<project>:<service>`. */
    key: string;
    forge: string;
    project: string;
    service: string;
    version: string;
    /** The rollout's phase after the transition (`active`, `failed`, `completed`, …). */
    phase: string;
    /** The rollout page (`GUARD_PUBLIC_URL/rollouts/<forge>/<project>/<service>`), when a public URL is set. */
    url?: string;
  };
  /** The wave the transition is about (all but `rollout.ended`). */
  wave?: { index: number; of: number; batch: string; clusters: string[] };
  /** The MR the transition is about: the wave MR, or the rollback MR for `rollback.opened`. */
  mr?: { number: number; url: string };
  /** The rollout's dashboard issue. */
  dashboard?: { number: number; url: string };
  /** Why, in words: the failure, how the soak passed, how the rollout ended. */
  reason?: string;
  /** `rollout.ended` only: `completed`, `rolled-back`, `superseded` or `stopped`. */
  outcome?: string;
  /** Where the fleet's soak metrics live, for deployment markers on the same graphs. */
  metrics?: { provider: string; clusterTag: string };
}

/** The sink refused in a way no retry can change: GUARD gives this delivery up at once. */
export class AnnounceRefusedError extends Error {
  override name = 'AnnounceRefusedError';
}

/** The sink asked to be left alone for a while (HTTP 429 with Retry-After). */
export class AnnounceRetryLaterError extends Error {
  override name = 'AnnounceRetryLaterError';
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}
