import { createHmac, timingSafeEqual } from 'node:crypto';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookAnnouncer } from '../../../providers/notify/webhook/index.ts';
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

const URL = 'https://hooks.example.com/guard?token=receiver-credential-0123';
const SECRET = 'notify-secret-abcdef0123456789';

interface Delivery {
  headers: Record<string, string>;
  raw: string;
}

let mode: ReceiverMode | 'redirect' | 'slow-down' = 'ok';
let deliveries: Delivery[] = [];
const server = setupServer(
  http.post('https://hooks.example.com/guard', async ({ request }) => {
    if (mode === 'hang') await delay('infinite');
    const raw = await request.text();
    if (mode === 'transient') return new HttpResponse('upstream down', { status: 503 });
    if (mode === 'refused') return new HttpResponse('no such hook', { status: 410 });
    if (mode === 'redirect')
      return new HttpResponse(null, { status: 301, headers: { location: '/elsewhere' } });
    if (mode === 'slow-down')
      return new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } });
    deliveries.push({ headers: Object.fromEntries(request.headers), raw });
    return new HttpResponse(null, { status: 204 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mode = 'ok';
  deliveries = [];
});
afterAll(() => server.close());

const announcer = () =>
  createWebhookAnnouncer({ env: { GUARD_NOTIFY_URL: URL, GUARD_NOTIFY_SECRET: SECRET } })!;
const signal = () => new AbortController().signal;
const PEOPLE_EVENTS: AnnouncementEvent[] = [
  'wave.opened',
  'wave.passed',
  'wave.failed',
  'rollback.opened',
  'rollout.ended',
];

/** What a receiver does with the documented header: recompute the HMAC over the raw body, compare in constant time. */
function verify(secret: string, raw: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describeAnnouncerContract('generic webhook', () => ({
  announcer: announcer(),
  received: () => deliveries.map((d) => ({ key: d.headers['x-guard-delivery'] })),
  behave: (next) => {
    mode = next;
  },
  secrets: [URL, 'receiver-credential-0123', SECRET],
  carriesKey: true,
}));

describe('generic webhook', () => {
  it('is off unless both GUARD_NOTIFY_URL and GUARD_NOTIFY_SECRET are set', () => {
    expect(createWebhookAnnouncer({ env: {} })).toBeUndefined();
    expect(createWebhookAnnouncer({ env: { GUARD_NOTIFY_URL: URL } })).toBeUndefined();
  });

  it('wants the five events people are told about: MR opened, soak passed or failed, rollback, end', () => {
    const sink = announcer();

    expect(PEOPLE_EVENTS.every((e) => sink.wants(e))).toBe(true);
    expect(sink.wants('wave.merged') || sink.wants('wave.applied')).toBe(false);
  });

  it('posts the documented JSON body, with the key in the body and in X-Guard-Delivery', async () => {
    await announcer().announce(sampleAnnouncement(), signal());

    const [delivery] = deliveries;
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-guard-event': 'wave.failed',
      'x-guard-delivery': '5f2c0e0b9d6a4c1e8a7b3d2f1e0c9b8a',
      'x-guard-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    expect(JSON.parse(delivery!.raw)).toEqual({
      id: '5f2c0e0b9d6a4c1e8a7b3d2f1e0c9b8a',
      event: 'wave.failed',
      at: '2026-03-02T10:30:00.000Z',
      text: 'promtail 6.16.0: wave 2/3 (dev) failed',
      reason: 'soak failed on cluster dev-2: 3 consecutive failing evaluations',
      rollout: {
        key: 'github:acme/fleet:promtail',
        forge: 'github',
        project: 'acme/fleet',
        service: 'promtail',
        version: '6.16.0',
        phase: 'failed',
        url: 'https://guard.example.com/rollouts/github/acme/fleet/promtail',
      },
      wave: { index: 2, of: 3, batch: 'dev', clusters: ['dev-1', 'dev-2'] },
      mr: { number: 7, url: 'https://github.com/acme/fleet/pull/7' },
      dashboard: { number: 3, url: 'https://github.com/acme/fleet/issues/3' },
    });
  });

  it('signs the raw body so a receiver holding the secret can verify it, and one without cannot', async () => {
    await announcer().announce(sampleAnnouncement(), signal());

    const { raw, headers } = deliveries[0]!;
    expect(verify(SECRET, raw, headers['x-guard-signature'])).toBe(true);
    expect(verify('another-secret', raw, headers['x-guard-signature'])).toBe(false);
    expect(verify(SECRET, raw.replace('dev-2', 'dev-3'), headers['x-guard-signature'])).toBe(false);
  });

  it('re-sends the same announcement byte for byte: same body, signature and delivery id', async () => {
    const sink = announcer();

    await sink.announce(sampleAnnouncement(), signal());
    await sink.announce(sampleAnnouncement(), signal());

    const [first, second] = deliveries;
    expect(second?.raw).toBe(first?.raw);
    expect(second?.headers['x-guard-signature']).toBe(first?.headers['x-guard-signature']);
    expect(second?.headers['x-guard-delivery']).toBe(first?.headers['x-guard-delivery']);
  });

  it('does not follow a redirect with a signed body: refused, naming the setting to fix', async () => {
    mode = 'redirect';

    const error = await announcer()
      .announce(sampleAnnouncement(), signal())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AnnounceRefusedError);
    expect((error as Error).message).toBe(
      'webhook receiver answered HTTP 301 (a redirect); set GUARD_NOTIFY_URL to the final URL',
    );
  });

  it("honours a 429's Retry-After", async () => {
    mode = 'slow-down';

    const error = await announcer()
      .announce(sampleAnnouncement(), signal())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AnnounceRetryLaterError);
    expect((error as AnnounceRetryLaterError).retryAfterMs).toBe(120_000);
  });

  it('names an unreachable receiver by the network error, not by its URL', async () => {
    const sink = createWebhookAnnouncer({
      env: { GUARD_NOTIFY_URL: URL, GUARD_NOTIFY_SECRET: SECRET },
      fetch: async () => {
        throw Object.assign(new TypeError(`fetch failed for ${URL}`), { cause: { code: 'ECONNREFUSED' } });
      },
    })!;

    await expect(sink.announce(sampleAnnouncement(), signal())).rejects.toThrow(
      /^webhook receiver unreachable: ECONNREFUSED$/,
    );
  });
});
