import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAnnouncer } from '../../../providers/notify/slack/index.ts';
import {
  type AnnouncementEvent,
  AnnounceRefusedError,
  AnnounceRetryLaterError,
} from '../../../src/ports/announcer.ts';
import {
  describeAnnouncerContract,
  type ReceiverMode,
  sampleAnnouncement,
} from '../../contract/announcer.contract.ts';

const HOOK = 'https://hooks.slack.com/services/T0GUARD/B0GUARD/hook-credential-0123456789';
const TOKEN = 'xoxb-1111-2222-bot-token-credential';
const CHANNEL = 'C0GUARD01';

type Mode = ReceiverMode | 'rate-limited' | 'http-503';
let mode: Mode = 'ok';
/** Bodies Slack received: JSON for the incoming webhook, form fields (JSON-valued ones parsed) for the Web API. */
let posts: { via: 'webhook' | 'web-api'; body: Record<string, unknown>; auth?: string | null }[] = [];

// Incoming webhooks answer `ok`, or an HTTP error with a short code as the body:
// https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
const webhook = http.post(HOOK, async ({ request }) => {
  if (mode === 'hang') await delay('infinite');
  if (mode === 'transient') return new HttpResponse('rollup_error', { status: 500 });
  if (mode === 'refused') return new HttpResponse('no_service', { status: 404 });
  posts.push({ via: 'webhook', body: (await request.json()) as Record<string, unknown> });
  return new HttpResponse('ok', { status: 200, headers: { 'content-type': 'text/html' } });
});

// chat.postMessage answers HTTP 200 with `ok` and an `error` code; 429 with Retry-After when rate limited:
// https://docs.slack.dev/reference/methods/chat.postMessage
const postMessage = http.post('https://slack.com/api/chat.postMessage', async ({ request }) => {
  if (mode === 'hang') await delay('infinite');
  if (mode === 'rate-limited')
    return new HttpResponse(null, { status: 429, headers: { 'retry-after': '30' } });
  if (mode === 'http-503') return new HttpResponse('', { status: 503 });
  const auth = request.headers.get('authorization');
  if (auth !== `Bearer ${TOKEN}`) return HttpResponse.json({ ok: false, error: 'not_authed' });
  if (mode === 'transient') return HttpResponse.json({ ok: false, error: 'internal_error' });
  if (mode === 'refused') return HttpResponse.json({ ok: false, error: 'channel_not_found' });
  const form = new URLSearchParams(await request.text());
  const body = Object.fromEntries(
    [...form].map(([k, v]) => [k, ['blocks', 'metadata'].includes(k) ? JSON.parse(v) : v]),
  );
  posts.push({ via: 'web-api', body, auth });
  return HttpResponse.json({
    ok: true,
    channel: CHANNEL,
    ts: '1503435956.000247',
    message: { text: body.text },
  });
});

const server = setupServer(webhook, postMessage);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mode = 'ok';
  posts = [];
});
afterAll(() => server.close());

const byWebhook = () => createSlackAnnouncer({ env: { SLACK_WEBHOOK_URL: HOOK } })!;
const byBot = () => createSlackAnnouncer({ env: { SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL: CHANNEL } })!;
const signal = () => new AbortController().signal;
const PEOPLE_EVENTS: AnnouncementEvent[] = [
  'wave.opened',
  'wave.passed',
  'wave.failed',
  'rollback.opened',
  'rollout.ended',
];
const keyOf = (body: Record<string, unknown>) =>
  (body.metadata as { event_payload?: { id?: string } } | undefined)?.event_payload?.id;

for (const [name, make] of [
  ['Slack incoming webhook', byWebhook],
  ['Slack chat.postMessage', byBot],
] as const) {
  describeAnnouncerContract(name, () => ({
    announcer: make(),
    received: () => posts.map((p) => ({ key: keyOf(p.body) })),
    behave: (next) => {
      mode = next;
    },
    secrets: [HOOK, 'hook-credential-0123456789', TOKEN],
    carriesKey: true,
  }));
}

describe('Slack', () => {
  it('is off without SLACK_WEBHOOK_URL, or SLACK_BOT_TOKEN with SLACK_CHANNEL', () => {
    expect(createSlackAnnouncer({ env: {} })).toBeUndefined();
    expect(createSlackAnnouncer({ env: { SLACK_BOT_TOKEN: TOKEN } })).toBeUndefined();
  });

  it('tells the channel about MRs, soak outcomes, rollbacks and the end, not every merge', () => {
    const sink = byWebhook();

    expect(PEOPLE_EVENTS.every((e) => sink.wants(e))).toBe(true);
    expect(sink.wants('wave.merged') || sink.wants('wave.applied')).toBe(false);
  });

  it('posts a headline, the reason and links to the MR, the rollout page and the dashboard', async () => {
    await byWebhook().announce(sampleAnnouncement(), signal());

    expect(posts[0]?.body).toEqual({
      text: '❌ promtail 6.16.0: wave 2/3 (dev) failed: soak failed on cluster dev-2: 3 consecutive failing evaluations',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*❌ promtail 6.16.0: wave 2/3 (dev) failed*\nsoak failed on cluster dev-2: 3 consecutive failing evaluations',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text:
                '<https://github.com/acme/fleet/pull/7|MR !7> · ' +
                '<https://guard.example.com/rollouts/github/acme/fleet/promtail|rollout page> · ' +
                '<https://github.com/acme/fleet/issues/3|dashboard #3> · dev-1, dev-2',
            },
          ],
        },
      ],
      metadata: {
        event_type: 'guard_announcement',
        event_payload: {
          id: '5f2c0e0b9d6a4c1e8a7b3d2f1e0c9b8a',
          event: 'wave.failed',
          rollout: 'github:acme/fleet:promtail',
          service: 'promtail',
          version: '6.16.0',
          wave: 2,
          batch: 'dev',
        },
      },
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('posts to the channel with the bot token, the same message as by webhook', async () => {
    await byBot().announce(sampleAnnouncement(), signal());
    await byWebhook().announce(sampleAnnouncement(), signal());

    const [bot, hook] = posts;
    expect(bot?.auth).toBe(`Bearer ${TOKEN}`);
    expect(bot?.body).toMatchObject({ channel: CHANNEL, text: hook?.body.text, unfurl_links: 'false' });
    expect(bot?.body.blocks).toEqual(hook?.body.blocks);
    expect(bot?.body.metadata).toEqual(hook?.body.metadata);
  });

  it('escapes Slack control characters in text from a request and keeps links whole', async () => {
    const tricky = sampleAnnouncement({
      reason: 'p99 <@channel> & errors > 5%',
      mr: { number: 8, url: 'https://gitlab.example.com/a/b/-/merge_requests/8?x=1|y' },
    });

    await byWebhook().announce(tricky, signal());

    const section = JSON.stringify(posts[0]?.body.blocks);
    expect(section).toContain('p99 &lt;@channel&gt; &amp; errors &gt; 5%');
    expect(section).toContain('<https://gitlab.example.com/a/b/-/merge_requests/8?x=1%7Cy|MR !8>');
  });

  it('leaves a rate-limited call to the notifier with Slack’s Retry-After, instead of waiting inside', async () => {
    mode = 'rate-limited';

    const error = await byBot()
      .announce(sampleAnnouncement(), signal())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AnnounceRetryLaterError);
    expect((error as AnnounceRetryLaterError).retryAfterMs).toBe(30_000);
  });

  it('names the Slack error code or status, to be retried or not as Slack documents', async () => {
    const failures: [Mode, () => ReturnType<typeof byBot>, string, boolean][] = [
      ['refused', byBot, 'Slack refused chat.postMessage: channel_not_found', true],
      ['transient', byBot, 'Slack refused chat.postMessage: internal_error', false],
      ['http-503', byBot, 'Slack answered HTTP 503', false],
      ['refused', byWebhook, 'Slack answered HTTP 404 (no_service)', true],
      ['transient', byWebhook, 'Slack answered HTTP 500 (rollup_error)', false],
    ];
    for (const [next, make, message, refused] of failures) {
      mode = next;

      const error = (await make()
        .announce(sampleAnnouncement(), signal())
        .catch((e: unknown) => e)) as Error;

      expect(error.message).toBe(message);
      expect(error instanceof AnnounceRefusedError).toBe(refused);
    }
  });

  it('refuses a wrong token for good (Slack answers not_authed)', async () => {
    const sink = createSlackAnnouncer({ env: { SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_CHANNEL: CHANNEL } })!;

    await expect(sink.announce(sampleAnnouncement(), signal())).rejects.toThrow(
      new AnnounceRefusedError('Slack refused chat.postMessage: not_authed'),
    );
  });
});
