import { type FetchFunction, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { IncomingWebhook } from '@slack/webhook';
import { slackError } from './slack-errors.ts';
import type { SlackMessage } from './slack-message.ts';

/** Where a Slack message goes: an incoming webhook, or a channel through a bot token. */
export type SlackTarget = { kind: 'webhook'; url: string } | { kind: 'bot'; token: string; channel: string };

/**
 * Posts through Slack's own clients (@slack/webhook, @slack/web-api) with their retries off (the
 * notifier retries with its own backoff, and a rate-limited call fails at once instead of waiting
 * inside the client) and our `fetch`, so tests intercept it and `signal` can cut a hung request.
 */
export async function postSlack(
  target: SlackTarget,
  message: SlackMessage,
  fetch: typeof globalThis.fetch,
  signal: AbortSignal,
): Promise<void> {
  const transport = ((url, init) => fetch(url, { ...init, signal })) as FetchFunction;
  try {
    if (target.kind === 'webhook') {
      const hook = new IncomingWebhook(target.url, { fetch: transport, retryConfig: { retries: 0 } });
      await hook.send(message);
      return;
    }
    const client = new WebClient(target.token, {
      fetch: transport,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: silent,
    });
    await client.chat.postMessage({ channel: target.channel, ...message });
  } catch (error) {
    throw slackError(error);
  }
}

/** The Web API client's own log goes nowhere: the notifier logs every outcome without secrets. */
const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
