import type { Announcer } from '../../../src/ports/announcer.ts';
import { type NotifySettings, PEOPLE_EVENTS } from '../types.ts';
import type { SlackTarget } from './post-slack.ts';
import { slackMessage } from './slack-message.ts';

/**
 * Slack, by incoming webhook (`SLACK_WEBHOOK_URL`) or by bot token and channel (`SLACK_BOT_TOKEN`,
 * `SLACK_CHANNEL`); undefined when neither is set. The SDK loads on the first message, not at start.
 */
export function createSlackAnnouncer(settings: NotifySettings): Announcer | undefined {
  const { SLACK_WEBHOOK_URL: url, SLACK_BOT_TOKEN: token, SLACK_CHANNEL: channel } = settings.env;
  let target: SlackTarget | undefined;
  if (url) target = { kind: 'webhook', url };
  else if (token && channel) target = { kind: 'bot', token, channel };
  if (!target) return undefined;
  const fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const chosen = target;
  return {
    id: 'slack',
    wants: (event) => PEOPLE_EVENTS.has(event),
    async announce(announcement, signal) {
      const { postSlack } = await import('./post-slack.ts');
      await postSlack(chosen, slackMessage(announcement), fetch, signal);
    },
  };
}
