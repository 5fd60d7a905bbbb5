import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatadogEventsAnnouncer } from '../../providers/notify/datadog-events/index.ts';
import { createSlackAnnouncer } from '../../providers/notify/slack/index.ts';
import { createWebhookAnnouncer } from '../../providers/notify/webhook/index.ts';
import { NOTIFY_PREFIX, type NotificationRecord } from '../../src/engine/notification-record.ts';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { Announcer } from '../../src/ports/announcer.ts';
import { CrashError } from '../fakes/forge.ts';
import { API_KEY, APP_KEY, fakeDatadog } from '../providers/metrics/datadog/fake-datadog.ts';
import { mergeWave, passWaves, requestUpgrade } from './steps.ts';
import { createWorld, fleetYaml, KEY, requestYaml, rollbackBranch, type World, waveBranch } from './world.ts';

const HOOK = 'https://hooks.slack.com/services/T0GUARD/B0GUARD/scenario-hook';
const RECEIVER = 'https://hooks.example.com/guard';
const SECRET = 'scenario-notify-secret';

interface Delivery {
  id: string | null;
  raw: string;
  body: { id: string; event: string; wave?: { batch: string }; outcome?: string; mr?: { url: string } };
}
let failing = false;
let slack: { text: string; metadata: { event_payload: { id: string } } }[] = [];
let webhook: Delivery[] = [];
const datadog = fakeDatadog();
const server = setupServer(
  ...datadog.handlers,
  http.post(HOOK, async ({ request }) => {
    if (failing) return new HttpResponse('rollup_error', { status: 500 });
    slack.push((await request.json()) as (typeof slack)[number]);
    return new HttpResponse('ok');
  }),
  http.post(RECEIVER, async ({ request }) => {
    if (failing) return new HttpResponse('down', { status: 500 });
    const raw = await request.text();
    webhook.push({ id: request.headers.get('x-guard-delivery'), raw, body: JSON.parse(raw) });
    return new HttpResponse(null, { status: 204 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// The Datadog client takes seconds to load on a busy machine; loaded inside a marker's 10-second
// delivery timeout it can time out and be retried after later markers, which is not what this tests.
beforeAll(() => import('../../providers/metrics/datadog/index.ts'), 60_000);
afterEach(() => {
  failing = false;
  slack = [];
  webhook = [];
  datadog.state.events = [];
});
afterAll(() => server.close());

const sinks = (): Announcer[] => [
  createSlackAnnouncer({ env: { SLACK_WEBHOOK_URL: HOOK } })!,
  createWebhookAnnouncer({ env: { GUARD_NOTIFY_URL: RECEIVER, GUARD_NOTIFY_SECRET: SECRET } })!,
];

/** `wave.opened test`: what the webhook receiver heard, in order. */
const heard = () => webhook.map((d) => `${d.body.event} ${d.body.wave?.batch ?? d.body.outcome}`);

/** The first call of `sink` kills the process, before (or after) it delivers. */
function crashOnce(sink: Announcer, when: 'before' | 'after'): Announcer {
  let crashed = false;
  return {
    id: sink.id,
    wants: (e) => sink.wants(e),
    async announce(a, signal) {
      if (!crashed && when === 'before') {
        crashed = true;
        throw new CrashError(`crash before ${sink.id} delivered`);
      }
      await sink.announce(a, signal);
      if (!crashed) {
        crashed = true;
        throw new CrashError(`crash after ${sink.id} delivered`);
      }
    },
  };
}

async function failSoakInDev(w: World): Promise<void> {
  await requestUpgrade(w);
  await passWaves(w, ['test']);
  await mergeWave(w, 'dev');
  await w.soakFor(5 * 60_000);
  const rollback = w.mrOf(rollbackBranch('dev'))!;
  w.forge.merge(rollback.number, w.now());
  await w.deliver(w.mrEvent(rollback.number, 'merged'));
}

describe('scenario: notifications', () => {
  it('a rollout whose soak fails in wave 2 sends exactly the expected messages, in order, to Slack and the webhook', async () => {
    const w = createWorld({
      verdict: (cluster) => (cluster === 'dev-2' ? 'fail' : 'pass'),
      announcers: sinks(),
    });

    await failSoakInDev(w);

    expect((await w.state())?.phase).toBe('rolled-back');
    expect(heard()).toEqual([
      'wave.opened test',
      'wave.passed test',
      'wave.opened dev',
      'wave.failed dev',
      'rollback.opened dev',
      'rollout.ended rolled-back',
    ]);
    expect(webhook.map((d) => d.body.mr?.url)).toEqual([
      w.mrOf(waveBranch('test'))!.url,
      w.mrOf(waveBranch('test'))!.url,
      w.mrOf(waveBranch('dev'))!.url,
      w.mrOf(waveBranch('dev'))!.url,
      w.mrOf(rollbackBranch('dev'))!.url,
      w.mrOf(rollbackBranch('dev'))!.url,
    ]);
    expect(slack.map((m) => m.metadata.event_payload.id)).toEqual(webhook.map((d) => d.id));
    expect(slack[3]?.text).toBe(
      '❌ promtail 6.16.0: wave 2/3 (dev) failed: soak failed on cluster dev-2: 3 consecutive failing evaluations',
    );
    expect(new Set(webhook.map((d) => d.id)).size).toBe(6);
    expect(await w.store.list(NOTIFY_PREFIX)).toEqual([]);
  });

  it('a crash after storing an announcement but before sending it sends it once after the restart', async () => {
    const [, webhookSink] = sinks();
    const w = createWorld({ announcers: [crashOnce(webhookSink!, 'before')] });

    await requestUpgrade(w);
    expect(w.isDead()).toBe(true);
    expect(webhook).toEqual([]);

    w.restart();
    expect((await loadStored(w)).map((r) => r.announcement.event)).toEqual(['wave.opened']);
    await w.tick();

    expect(heard()).toEqual(['wave.opened test']);
    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
    expect(await w.store.list(NOTIFY_PREFIX)).toEqual([]);
  });

  it('a crash after sending but before recording it sends it again after the restart, with the same key and bytes', async () => {
    const [, webhookSink] = sinks();
    const w = createWorld({ announcers: [crashOnce(webhookSink!, 'after')] });

    await requestUpgrade(w);
    w.restart();
    await w.tick();

    expect(heard()).toEqual(['wave.opened test', 'wave.opened test']);
    const [first, second] = webhook;
    expect(second?.id).toBe(first?.id);
    expect(second?.raw).toBe(first?.raw);
  });

  it('a receiver answering 500 forever never delays a wave MR, and is given up in time', async () => {
    failing = true;
    const quiet = createWorld();
    const loud = createWorld({ announcers: sinks() });

    for (const w of [quiet, loud]) {
      await requestUpgrade(w);
      await passWaves(w, ['test']);
    }

    const mrs = (w: World) => w.forge.mergeRequests().map(({ branch, state }) => ({ branch, state }));
    expect(mrs(loud)).toEqual(mrs(quiet));
    expect(loud.mrOf(waveBranch('dev'))?.state).toBe('open');
    expect((await loadDoc(loud.store, KEY)).doc?.outbox).toBeUndefined();
    const pending = await loadStored(loud);
    expect(pending.map((r) => r.announcement.event)).toEqual(['wave.opened', 'wave.passed', 'wave.opened']);
    expect(pending[0]?.pending).toMatchObject({
      slack: { tries: expect.any(Number) },
      webhook: { tries: expect.any(Number) },
    });

    await loud.soakFor(8 * 3_600_000, 10 * 60_000);

    expect(await loud.store.list(NOTIFY_PREFIX)).toEqual([]);
    const abandoned = loud.logs.filter((l) => l.message === 'notification abandoned');
    expect(abandoned).toHaveLength(6);
    expect(JSON.stringify(loud.logs)).not.toContain('scenario-hook');
    expect(slack).toEqual([]);
  });
});

describe('scenario: Datadog deployment markers', () => {
  it('marks the merge, the apply and the verdict of each wave on Datadog, tagged with its clusters', async () => {
    const w = createWorld({
      withRequest: false,
      verdict: (cluster) => (cluster === 'dev-2' ? 'fail' : 'pass'),
      announcers: [createDatadogEventsAnnouncer({ env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY } })!],
    });
    await w.deliver(
      w.push({
        'guard/fleet.yaml': fleetYaml('metrics: { provider: datadog, clusterTag: kube_cluster_name }\n'),
        'guard/upgrade.yaml': requestYaml(),
      }),
    );
    await passWaves(w, ['test']);
    await mergeWave(w, 'dev');
    await w.soakFor(5 * 60_000);

    // A marker retried after a timeout may arrive after a later one; Datadog places each on the graph
    // by its date_happened (the transition's time), so that is the order that matters.
    const events = (
      datadog.state.events as unknown as {
        title: string;
        tags: string[];
        alert_type: string;
        date_happened: number;
      }[]
    ).toSorted((a, b) => a.date_happened - b.date_happened);
    expect(events.map((e) => [e.title, e.alert_type])).toEqual([
      ['GUARD: promtail 6.16.0: wave 1/3 (test) merged, waiting for 2 clusters to apply', 'info'],
      ['GUARD: promtail 6.16.0: wave 1/3 (test) applied on every cluster, soak started', 'info'],
      ['GUARD: promtail 6.16.0: wave 1/3 (test) passed its soak', 'success'],
      ['GUARD: promtail 6.16.0: wave 2/3 (dev) merged, waiting for 2 clusters to apply', 'info'],
      ['GUARD: promtail 6.16.0: wave 2/3 (dev) applied on every cluster, soak started', 'info'],
      ['GUARD: promtail 6.16.0: wave 2/3 (dev) failed', 'error'],
      ['GUARD: promtail 6.16.0: rollback MR opened for wave 2/3 (dev)', 'warning'],
    ]);
    expect(events[3]?.tags).toEqual([
      'source:guard',
      'service:promtail',
      'version:6.16.0',
      'wave:dev',
      'guard_event:wave.merged',
      'kube_cluster_name:dev-1',
      'kube_cluster_name:dev-2',
    ]);
    expect(webhook).toEqual([]);
  });
});

async function loadStored(w: World): Promise<NotificationRecord[]> {
  const keys = await w.store.list(NOTIFY_PREFIX);
  return Promise.all(keys.map(async (k) => (await w.store.get(k))!.value as NotificationRecord));
}
