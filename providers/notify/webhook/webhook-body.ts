import { createHmac } from 'node:crypto';
import type { Announcement } from '../../../src/ports/announcer.ts';
import { headline } from '../announcement-text.ts';

/** The JSON a webhook receiver gets (documented in README "Notifications"; keep it stable). */
export interface WebhookBody {
  /** Idempotency key: the same on every delivery of this announcement; also `X-Guard-Delivery`. */
  id: string;
  event: Announcement['event'];
  at: string;
  /** One line for people (the same as the Slack headline). */
  text: string;
  reason?: string;
  outcome?: string;
  rollout: Announcement['rollout'];
  wave?: Announcement['wave'];
  mr?: Announcement['mr'];
  dashboard?: Announcement['dashboard'];
}

/** The body, serialised once: the same announcement gives the same bytes, hence the same signature. */
export function webhookBody(a: Announcement): string {
  const body: WebhookBody = {
    id: a.id,
    event: a.event,
    at: a.at,
    text: headline(a),
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.outcome ? { outcome: a.outcome } : {}),
    rollout: a.rollout,
    ...(a.wave ? { wave: a.wave } : {}),
    ...(a.mr ? { mr: a.mr } : {}),
    ...(a.dashboard ? { dashboard: a.dashboard } : {}),
  };
  return JSON.stringify(body);
}

/** `sha256=<hex HMAC-SHA256 of the raw body, keyed with GUARD_NOTIFY_SECRET>` (DESIGN section 11). */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
