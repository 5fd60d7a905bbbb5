import type { AnnouncementEvent, Announcer } from '../../src/ports/announcer.ts';

/** What every notification sink is built from. */
export interface NotifySettings {
  /**
   * Resolved settings (secrets already read): SLACK_WEBHOOK_URL, SLACK_BOT_TOKEN, SLACK_CHANNEL,
   * GUARD_NOTIFY_URL, GUARD_NOTIFY_SECRET, DD_API_KEY, DD_APP_KEY, DD_SITE, DD_API_URL.
   */
  env: Record<string, string | undefined>;
  /** HTTP transport (default the global `fetch`); tests intercept it. */
  fetch?: typeof fetch;
}

/** Builds a sink from settings; undefined when its settings are not there (the sink is off). */
export type AnnouncerFactory = (settings: NotifySettings) => Announcer | undefined;

/**
 * What people in a channel or behind a webhook want to hear: an MR to review, a soak's outcome, a
 * rollback, the end (Slack and the generic webhook; Datadog marks its graphs with its own set).
 */
export const PEOPLE_EVENTS: ReadonlySet<AnnouncementEvent> = new Set<AnnouncementEvent>([
  'wave.opened',
  'wave.passed',
  'wave.failed',
  'rollback.opened',
  'rollout.ended',
]);
