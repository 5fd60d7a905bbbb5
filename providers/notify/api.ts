import type { Announcer } from '../../src/ports/announcer.ts';
import { createDatadogEventsAnnouncer } from './datadog-events/index.ts';
import { createSlackAnnouncer } from './slack/index.ts';
import type { AnnouncerFactory, NotifySettings } from './types.ts';
import { createWebhookAnnouncer } from './webhook/index.ts';

export type { AnnouncerFactory, NotifySettings } from './types.ts';

/** Every notification sink, by the id it logs and counts under. One folder each. */
export const notifySinks: ReadonlyMap<string, AnnouncerFactory> = new Map<string, AnnouncerFactory>([
  ['slack', createSlackAnnouncer],
  ['webhook', createWebhookAnnouncer],
  ['datadog-events', createDatadogEventsAnnouncer],
]);

/** The sinks whose settings are there; none when nothing is configured (GUARD then announces nothing). */
export function createAnnouncers(settings: NotifySettings): Announcer[] {
  return [...notifySinks.values()].flatMap((factory) => factory(settings) ?? []);
}
