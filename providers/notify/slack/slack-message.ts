import type { KnownBlock } from '@slack/web-api';
import type { Announcement } from '../../../src/ports/announcer.ts';
import { headline, links, symbol } from '../announcement-text.ts';

/** What both Slack transports post: fallback text, Block Kit blocks and message metadata. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  metadata: { event_type: string; event_payload: Record<string, string | number> };
  unfurl_links: false;
  unfurl_media: false;
}

/** Slack's section text holds at most 3000 characters (Block Kit reference, section block). */
const MAX_SECTION = 3000;

/**
 * The message for one announcement: a bold headline with the reason under it, then the links and
 * clusters in a context line. The idempotency key travels in the message metadata
 * (https://docs.slack.dev/messaging/message-metadata), where an app reading the channel finds it.
 */
export function slackMessage(a: Announcement): SlackMessage {
  const title = `${symbol(a)} ${headline(a)}`;
  const section = [`*${mrkdwn(title)}*`, a.reason ? mrkdwn(a.reason) : ''].filter(Boolean).join('\n');
  const context = [
    ...links(a).map((link) => `<${linkUrl(link.url)}|${mrkdwn(link.label)}>`),
    ...(a.wave ? [mrkdwn(a.wave.clusters.join(', '))] : []),
  ];
  return {
    text: [title, a.reason].filter(Boolean).join(': '),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cut(section) } },
      ...(context.length
        ? [
            {
              type: 'context' as const,
              elements: [{ type: 'mrkdwn' as const, text: cut(context.join(' · ')) }],
            },
          ]
        : []),
    ],
    metadata: {
      event_type: 'guard_announcement',
      event_payload: {
        id: a.id,
        event: a.event,
        rollout: a.rollout.key,
        service: a.rollout.service,
        version: a.rollout.version,
        ...(a.wave ? { wave: a.wave.index, batch: a.wave.batch } : {}),
      },
    },
    unfurl_links: false,
    unfurl_media: false,
  };
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters ("Formatting text for app surfaces"). */
function mrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A URL inside `<url|label>` must not close the link early. */
function linkUrl(url: string): string {
  return url.replaceAll('|', '%7C').replaceAll('>', '%3E').replaceAll('<', '%3C');
}

function cut(text: string): string {
  return text.length <= MAX_SECTION ? text : `${text.slice(0, MAX_SECTION - 1)}…`;
}
