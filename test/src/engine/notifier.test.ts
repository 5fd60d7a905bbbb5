import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/engine/logger.ts';
import { NOTIFY_PREFIX, type NotificationRecord } from '../../../src/engine/notification-record.ts';
import { createNotifier, type NotifierOptions } from '../../../src/engine/notifier.ts';
import type { Announcement, Announcer } from '../../../src/ports/announcer.ts';
import { sampleAnnouncement } from '../../contract/announcer.contract.ts';
import { createFakeAnnouncer } from '../../fakes/announcer.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

const T0 = Date.parse('2026-03-02T10:30:00Z');

function setup(announcers: Announcer[], options: Partial<NotifierOptions> = {}) {
  let now = T0;
  const store = createMemoryStore(() => now);
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log: Logger = {
    debug: () => {},
    info: (fields, message) =>
      logs.push({ level: 'info', message, fields: fields as Record<string, unknown> }),
    warn: (fields, message) =>
      logs.push({ level: 'warn', message, fields: fields as Record<string, unknown> }),
    error: (fields, message) =>
      logs.push({ level: 'error', message, fields: fields as Record<string, unknown> }),
    child: () => log,
  };
  const outcomes: string[] = [];
  const make = (owner = 'replica-1') =>
    createNotifier({
      store,
      announcers,
      clock: () => new Date(now),
      log,
      owner,
      // Delayed retries never fire on their own here: the test moves time and sweeps, as the tick does.
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      onDelivery: (sink, outcome) => outcomes.push(`${sink} ${outcome}`),
      ...options,
    });
  return {
    store,
    logs,
    outcomes,
    make,
    notifier: make(),
    advance: (ms: number) => {
      now += ms;
    },
    records: async () => store.list(NOTIFY_PREFIX),
    record: async (key: string) => (await store.get(key))?.value as NotificationRecord,
  };
}

const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const announcement = (overrides: Partial<Announcement> = {}) =>
  sampleAnnouncement({ metrics: undefined, ...overrides });

describe('notifier', () => {
  it('stores an announcement for every sink that wants it and delivers it, then forgets it', async () => {
    const slack = createFakeAnnouncer('slack', ['wave.failed']);
    const marker = createFakeAnnouncer('markers', ['wave.merged']);
    const s = setup([slack.announcer, marker.announcer]);

    const sinks = await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();

    expect(sinks).toEqual(['slack']);
    expect(slack.received.map((a) => a.id)).toEqual([announcement().id]);
    expect(marker.calls()).toBe(0);
    expect(await s.records()).toEqual([]);
    expect(s.outcomes).toEqual(['slack sent']);
  });

  it('stores nothing when no sink wants the event', async () => {
    const s = setup([createFakeAnnouncer('slack', ['wave.opened']).announcer]);

    expect(await s.notifier.accept(announcement(), 0)).toEqual([]);
    expect(await s.records()).toEqual([]);
  });

  it('stores an announcement accepted twice (an outbox action repeated after a crash) once', async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('transient');
    const s = setup([slack.announcer]);

    await s.notifier.accept(announcement(), 0);
    await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();

    expect(await s.records()).toHaveLength(1);
  });

  it("sends one rollout's announcements in the order things happened", async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('transient');
    const s = setup([slack.announcer]);
    await s.notifier.accept(announcement({ id: 'c', event: 'rollback.opened', at: at(2) }), 1);
    await s.notifier.accept(announcement({ id: 'b', event: 'wave.failed', at: at(2) }), 0);
    await s.notifier.accept(announcement({ id: 'a', event: 'wave.opened', at: at(1) }), 0);
    await s.notifier.idle();

    slack.behave('ok');
    s.advance(60_000);
    await s.notifier.sweep();
    await s.notifier.idle();

    expect(slack.received.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('retries a failing sink with backoff, without holding up another sink of the same record', async () => {
    const slack = createFakeAnnouncer('slack');
    const hook = createFakeAnnouncer('webhook');
    hook.behave('transient');
    const s = setup([slack.announcer, hook.announcer]);

    await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();

    const [key] = await s.records();
    expect(slack.received).toHaveLength(1);
    expect((await s.record(key!)).pending).toEqual({
      webhook: {
        tries: 1,
        nextAt: new Date(T0 + 5_000).toISOString(),
        lastError: 'webhook receiver answered HTTP 503',
      },
    });
    expect(s.logs).toContainEqual({
      level: 'warn',
      message: 'notification failed; will retry',
      fields: expect.objectContaining({ sink: 'webhook', event: 'wave.failed', tries: 1 }),
    });

    s.advance(4_000);
    await s.notifier.sweep();
    await s.notifier.idle();
    expect(hook.calls()).toBe(1);

    hook.behave('ok');
    s.advance(1_000);
    await s.notifier.sweep();
    await s.notifier.idle();
    expect(hook.received).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    expect(await s.records()).toEqual([]);
  });

  it('gives up a sink that refuses at once, with an error log and a counted abandon', async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('refused');
    const s = setup([slack.announcer]);

    await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();

    expect(slack.calls()).toBe(1);
    expect(await s.records()).toEqual([]);
    expect(s.outcomes).toEqual(['slack abandoned']);
    expect(s.logs).toContainEqual({
      level: 'error',
      message: 'notification abandoned',
      fields: expect.objectContaining({ sink: 'slack', tries: 1, err: 'slack receiver answered HTTP 404' }),
    });
  });

  it('gives up after its tries, and a record older than its age limit', async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('transient');
    const s = setup([slack.announcer], { limits: { maxTries: 3, maxAgeMs: 3_600_000 } });
    await s.notifier.accept(announcement({ id: 'tries' }), 0);
    for (let i = 0; i < 5; i++) {
      s.advance(300_000);
      await s.notifier.sweep();
      await s.notifier.idle();
    }
    expect(slack.calls()).toBe(3);
    expect(s.outcomes).toEqual(['slack failed', 'slack failed', 'slack abandoned']);

    await s.notifier.accept(announcement({ id: 'age', at: at(100) }), 0);
    await s.notifier.idle();
    s.advance(3_600_000);
    await s.notifier.sweep();
    await s.notifier.idle();

    expect(s.outcomes.slice(3)).toEqual(['slack failed', 'slack abandoned']);
    expect(await s.records()).toEqual([]);
  });

  it('cuts off a sink that does not answer in time', async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('hang');
    const s = setup([slack.announcer], { limits: { timeoutMs: 50 } });

    await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();

    const [key] = await s.records();
    expect((await s.record(key!)).pending.slack).toMatchObject({
      tries: 1,
      lastError: 'no answer within 50 ms',
    });
  });

  it('finds what a previous process stored but did not send, on the first sweep after a restart', async () => {
    const slack = createFakeAnnouncer('slack');
    const s = setup([slack.announcer]);
    await s.store.put(
      `${NOTIFY_PREFIX}github:acme/fleet:promtail/0000000aa-00-5f2c0e0b9d6a4c1e`,
      { announcement: announcement(), pending: { slack: { tries: 0 } }, storedAt: at(0) },
      0,
    );

    const restarted = s.make('replica-2');
    await restarted.sweep();
    await restarted.idle();

    expect(slack.received.map((a) => a.id)).toEqual([announcement().id]);
  });

  it('leaves a rollout whose notification lease another replica holds to that replica', async () => {
    const slack = createFakeAnnouncer('slack');
    slack.behave('transient');
    const s = setup([slack.announcer]);
    await s.notifier.accept(announcement(), 0);
    await s.notifier.idle();
    slack.behave('ok');
    await s.store.acquireLease('notify/github:acme/fleet:promtail', 'replica-2', 60_000);

    s.advance(10_000);
    await s.notifier.sweep();
    await s.notifier.idle();

    expect(slack.received).toEqual([]);
  });

  it('links the rollout page under GUARD_PUBLIC_URL, escaping each path segment', async () => {
    const slack = createFakeAnnouncer('slack');
    const s = setup([slack.announcer], { publicUrl: 'https://guard.example.com/' });
    const { url: _none, ...rollout } = announcement().rollout;
    const gitlab = announcement({
      rollout: { ...rollout, key: 'gitlab:platform/infra team/fleet:promtail' },
    });

    await s.notifier.accept(gitlab, 0);
    await s.notifier.idle();

    expect(slack.received[0]?.rollout.url).toBe(
      'https://guard.example.com/rollouts/gitlab/platform/infra%20team/fleet/promtail',
    );
  });
});
