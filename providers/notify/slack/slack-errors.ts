import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { IncomingWebhookHTTPError, IncomingWebhookRequestError } from '@slack/webhook';
import { AnnounceRefusedError, AnnounceRetryLaterError } from '../../../src/ports/announcer.ts';
import { networkCause, retryable } from '../delivery-failure.ts';

/**
 * Web API errors worth another try; every other `error` (invalid_auth, channel_not_found,
 * not_in_channel, is_archived, missing_scope, …) needs a person. From the chat.postMessage
 * reference: https://docs.slack.dev/reference/methods/chat.postMessage
 */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * A Slack client's error in GUARD's terms: refused (no retry can help) or to be retried. Messages
 * name Slack's error code or HTTP status only; never the webhook URL (which is the credential) or
 * the token.
 */
export function slackError(error: unknown): Error {
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    const message = `Slack refused chat.postMessage: ${code}`;
    return TRANSIENT.has(code) ? new Error(message) : new AnnounceRefusedError(message);
  }
  if (error instanceof WebAPIRateLimitedError) {
    return new AnnounceRetryLaterError('Slack rate limit: try later', error.retryAfter * 1000);
  }
  if (error instanceof WebAPIHTTPError || error instanceof IncomingWebhookHTTPError) {
    // Incoming webhooks answer errors as a short code in the body (invalid_payload, no_service,
    // channel_is_archived): https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
    const body = typeof error.body === 'string' ? error.body.replace(/[^\w -]/g, '').slice(0, 80) : '';
    const message = `Slack answered HTTP ${error.statusCode}${body ? ` (${body})` : ''}`;
    return retryable(error.statusCode) ? new Error(message) : new AnnounceRefusedError(message);
  }
  if (error instanceof WebAPIRequestError || error instanceof IncomingWebhookRequestError) {
    return new Error(`Slack unreachable: ${networkCause(error.original)}`);
  }
  return new Error(`Slack delivery failed: ${networkCause(error)}`);
}
