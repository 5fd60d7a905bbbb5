import {
  AnnounceRefusedError,
  AnnounceRetryLaterError,
  type Announcer,
} from '../../../src/ports/announcer.ts';
import { networkCause, retryable } from '../delivery-failure.ts';
import { type NotifySettings, PEOPLE_EVENTS } from '../types.ts';
import { signature, webhookBody } from './webhook-body.ts';

/**
 * A generic JSON webhook (`GUARD_NOTIFY_URL`), signed with `GUARD_NOTIFY_SECRET` the way GitHub
 * signs its own (`X-Guard-Signature: sha256=<hex HMAC>` over the raw body), with the idempotency
 * key in the body and in `X-Guard-Delivery`. Any 2xx is delivered; redirects are not followed (a
 * signed POST should reach the URL it was configured for). Undefined when the URL is not set.
 */
export function createWebhookAnnouncer(settings: NotifySettings): Announcer | undefined {
  const { GUARD_NOTIFY_URL: url, GUARD_NOTIFY_SECRET: secret } = settings.env;
  if (!url || !secret) return undefined;
  const fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    id: 'webhook',
    wants: (event) => PEOPLE_EVENTS.has(event),
    async announce(announcement, signal) {
      const body = webhookBody(announcement);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GUARD',
          'x-guard-event': announcement.event,
          'x-guard-delivery': announcement.id,
          'x-guard-signature': signature(secret, body),
        },
        body,
        redirect: 'manual',
        signal,
      }).catch((error: unknown) => {
        throw new Error(`webhook receiver unreachable: ${networkCause(error)}`);
      });
      // Read (and drop) the answer so the connection is reused; `signal` bounds a receiver that streams on.
      await response.text().catch(() => '');
      if (response.ok) return;
      throw failure(response);
    },
  };
}

function failure(response: Response): Error {
  const status = response.status;
  if (status >= 300 && status < 400) {
    return new AnnounceRefusedError(
      `webhook receiver answered HTTP ${status} (a redirect); set GUARD_NOTIFY_URL to the final URL`,
    );
  }
  const message = `webhook receiver answered HTTP ${status}`;
  if (status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    if (Number.isFinite(seconds) && seconds > 0) return new AnnounceRetryLaterError(message, seconds * 1000);
  }
  return retryable(status) ? new Error(message) : new AnnounceRefusedError(message);
}
