import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// Ids are stored by the sink and logged: accept only the shape GitLab sends (UUIDs), bounded.
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id a GitLab delivery is de-duplicated on. `Idempotency-Key` (GitLab 17.4+) stays the same when
 * GitLab retries a delivery or someone presses "Resend"; older GitLab sends only
 * `X-Gitlab-Event-UUID`. Without either (or with a malformed one) the id is a SHA-256 of the exact
 * body, so an identical redelivery is still recognised, at the price of treating two genuinely
 * separate but byte-identical deliveries as one — harmless, as the engine reconciles from the
 * forge's current state.
 */
export function gitlabDeliveryId(headers: IncomingHttpHeaders, body: Buffer): string {
  for (const name of ['idempotency-key', 'x-gitlab-event-uuid']) {
    const value = headers[name];
    if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
  }
  return `gitlab-body-sha256:${createHash('sha256').update(body).digest('hex')}`;
}
