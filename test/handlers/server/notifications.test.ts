import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../handlers/server/create-logger.ts';
import { createServerMetrics } from '../../../handlers/server/server-metrics.ts';
import { buildNotifier } from '../../../handlers/server/server-parts.ts';
import { parseSettings } from '../../../handlers/server/settings.ts';
import { NOTIFY_PREFIX } from '../../../src/engine/notification-record.ts';
import { sampleAnnouncement } from '../../contract/announcer.contract.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import {
  captureLogs,
  GITLAB_SECRET,
  gitlabPushBody,
  postGitLab,
  startTestServer,
  type TestServer,
} from './server-kit.ts';

const HOOK = 'https://hooks.slack.com/services/T0GUARD/B0GUARD/hook-credential-0123456789';
const RECEIVER = 'https://hooks.example.com/guard?token=receiver-credential';
const SECRET = 'notify-SECRET-must-never-be-logged';
const NOTIFY_ENV = {
  SLACK_WEBHOOK_URL: HOOK,
  GUARD_NOTIFY_URL: RECEIVER,
  GUARD_NOTIFY_SECRET: SECRET,
  GUARD_PUBLIC_URL: 'https://guard.example.com',
};

let slack: Record<string, unknown>[] = [];
let webhook: { headers: Record<string, string>; body: Record<string, unknown> }[] = [];
const receivers = setupServer(
  http.post(HOOK, async ({ request }) => {
    slack.push((await request.json()) as Record<string, unknown>);
    return new HttpResponse('ok');
  }),
  http.post('https://hooks.example.com/guard', async ({ request }) => {
    webhook.push({ headers: Object.fromEntries(request.headers), body: (await request.json()) as never });
    return new HttpResponse(null, { status: 204 });
  }),
);

beforeAll(() =>
  receivers.listen({
    // GUARD's own loopback server is reached for real; anything else unexpected fails the test.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  slack = [];
  webhook = [];
});
afterAll(() => receivers.close());

/** A push of the request: GUARD opens the first wave MR. */
async function startRollout(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env });
  await postGitLab(s.url, gitlabPushBody(s.forge.branchHead('main')!), GITLAB_SECRET);
  await s.engine.idle();
  return s;
}

describe('notifications in the server', () => {
  it('with none of the new variables set, behaves exactly as before: no sink, no record, no request', async () => {
    server = await startRollout();

    expect(server.forge.mergeRequests().map((mr) => mr.branch)).toEqual(['guard/promtail/6.16.0/test']);
    expect(await server.store.list(NOTIFY_PREFIX)).toEqual([]);
    expect(slack).toEqual([]);
    expect(webhook).toEqual([]);
    expect(server.logs.text()).not.toContain('notifications on');
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(/^guard_notifications_total\{/m);
  });

  it('announcing changes nothing GUARD does on the forge or writes to the audit trail', async () => {
    const quiet = await startRollout();
    const trailQuiet = (await quiet.store.readAudit('gitlab:acme/fleet:promtail')).map((r) => r.action);
    const mrsQuiet = quiet.forge
      .mergeRequests()
      .map(({ branch, title, state }) => ({ branch, title, state }));
    await quiet.close();

    server = await startRollout(NOTIFY_ENV);

    const trail = (await server.store.readAudit('gitlab:acme/fleet:promtail')).map((r) => r.action);
    expect(trail).toEqual(trailQuiet);
    expect(
      server.forge.mergeRequests().map(({ branch, title, state }) => ({ branch, title, state })),
    ).toEqual(mrsQuiet);
  });

  it('tells Slack and the webhook that the wave MR opened, linking the MR and the rollout page', async () => {
    server = await startRollout(NOTIFY_ENV);
    const mr = server.forge.mergeRequests()[0]!;

    expect(slack).toHaveLength(1);
    expect(slack[0]?.text).toBe('🔎 promtail 6.16.0: wave 1/3 (test) MR opened');
    expect(JSON.stringify(slack[0]?.blocks)).toContain(`<${mr.url}|MR !${mr.number}>`);
    expect(JSON.stringify(slack[0]?.blocks)).toContain(
      '<https://guard.example.com/rollouts/gitlab/acme/fleet/promtail|rollout page>',
    );
    expect(webhook).toHaveLength(1);
    expect(webhook[0]?.body).toMatchObject({
      event: 'wave.opened',
      mr: { number: mr.number, url: mr.url },
      rollout: { url: 'https://guard.example.com/rollouts/gitlab/acme/fleet/promtail' },
    });
    expect(webhook[0]?.headers['x-guard-delivery']).toBe(webhook[0]?.body.id);
    expect(await server.store.list(NOTIFY_PREFIX)).toEqual([]);
  });

  it('counts deliveries in /metrics and never logs a Slack URL, a receiver URL or the secret', async () => {
    server = await startRollout(NOTIFY_ENV);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    await server.close();

    expect(metrics).toContain('guard_notifications_total{sink="slack",outcome="sent"} 1');
    expect(metrics).toContain('guard_notifications_total{sink="webhook",outcome="sent"} 1');
    expect(server.logs.text()).toContain('notification sent');
    for (const secret of ['hook-credential-0123456789', 'receiver-credential', SECRET]) {
      expect(server.logs.text()).not.toContain(secret);
    }
  });

  it('under GUARD_DRY_RUN logs each notification instead of sending it', async () => {
    const logs = captureLogs();
    const settings = parseSettings({ ...NOTIFY_ENV, GUARD_DRY_RUN: 'true' });
    const notifier = buildNotifier({
      settings,
      env: NOTIFY_ENV,
      store: createMemoryStore(),
      metrics: createServerMetrics(),
      log: createLogger('info', logs.stream),
      fetch: globalThis.fetch,
    })!;

    await notifier.accept(sampleAnnouncement(), 0);
    await notifier.idle();

    expect(slack).toEqual([]);
    expect(webhook).toEqual([]);
    const skipped = logs.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.msg === 'dry run: notification skipped');
    expect(skipped.map((l) => l.sink).sort()).toEqual(['slack', 'webhook']);
  });

  it('builds no notifier when no sink is configured', () => {
    const notifier = buildNotifier({
      settings: parseSettings({}),
      env: {},
      store: createMemoryStore(),
      metrics: createServerMetrics(),
      log: createLogger('silent'),
      fetch: globalThis.fetch,
    });

    expect(notifier).toBeUndefined();
  });
});
