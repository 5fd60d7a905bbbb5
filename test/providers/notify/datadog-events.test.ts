import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatadogEventsAnnouncer } from '../../../providers/notify/datadog-events/index.ts';
import type { Announcement } from '../../../src/ports/announcer.ts';
import { describeAnnouncerContract, sampleAnnouncement } from '../../contract/announcer.contract.ts';
import { API_KEY, APP_KEY, fakeDatadog } from '../metrics/datadog/fake-datadog.ts';

// POST /api/v1/events as Datadog's API reference describes it ("Post an event"):
// https://docs.datadoghq.com/api/latest/events/post-an-event/ — the fake answers 202 with the event.
const us = fakeDatadog();
const eu = fakeDatadog('https://api.datadoghq.eu');
const server = setupServer(...us.handlers, ...eu.handlers);
const EVENTS = 'https://api.datadoghq.com/api/v1/events';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  us.state.events = [];
  eu.state.events = [];
});
afterAll(() => server.close());

const env = { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY };
const sink = (extra: Record<string, string> = {}) =>
  createDatadogEventsAnnouncer({ env: { ...env, ...extra } })!;
const signal = () => new AbortController().signal;
type Body = Record<string, unknown>;
const posted = () => us.state.events as unknown as Body[];

describeAnnouncerContract('Datadog events', () => ({
  announcer: sink(),
  // An event carries no idempotency key: a duplicate is a second marker, harmless on a graph.
  received: () => posted().map(() => ({ key: undefined })),
  behave: (mode) => {
    server.resetHandlers();
    if (mode === 'transient')
      server.use(http.post(EVENTS, () => HttpResponse.json({ errors: ['Internal'] }, { status: 503 })));
    if (mode === 'refused')
      server.use(http.post(EVENTS, () => HttpResponse.json({ errors: ['Bad Request'] }, { status: 400 })));
    if (mode === 'hang') server.use(http.post(EVENTS, () => delay('infinite')));
  },
  secrets: [API_KEY, APP_KEY],
  carriesKey: false,
}));

describe('Datadog events (deployment markers)', () => {
  it('is on with DD_API_KEY and DD_APP_KEY, and reads where the fleet keeps its metrics', () => {
    expect(createDatadogEventsAnnouncer({ env: {} })).toBeUndefined();
    expect(sink().usesMetrics).toBe(true);
  });

  it('marks the moments a graph reader wants: merged, applied, passed, failed, rollback', () => {
    const wanted = ['wave.merged', 'wave.applied', 'wave.passed', 'wave.failed', 'rollback.opened'];

    expect(wanted.every((e) => sink().wants(e as Announcement['event']))).toBe(true);
    expect(sink().wants('wave.opened') || sink().wants('rollout.ended')).toBe(false);
  });

  it('posts an event tagged with service, version, wave and every cluster by the fleet’s clusterTag', async () => {
    const failed = sampleAnnouncement({ at: new Date(Date.now() - 5_000).toISOString() });

    await createDatadogEventsAnnouncer({ env })!.announce(failed, signal());

    expect(posted()).toHaveLength(1);
    expect(posted()[0]).toEqual({
      title: 'GUARD: promtail 6.16.0: wave 2/3 (dev) failed',
      text:
        '%%% \nsoak failed on cluster dev-2: 3 consecutive failing evaluations\n\n' +
        '[MR !7](https://github.com/acme/fleet/pull/7)\n\n' +
        '[rollout page](https://guard.example.com/rollouts/github/acme/fleet/promtail)\n\n' +
        '[dashboard #3](https://github.com/acme/fleet/issues/3)\n %%%',
      tags: [
        'source:guard',
        'service:promtail',
        'version:6.16.0',
        'wave:dev',
        'guard_event:wave.failed',
        'kube_cluster_name:dev-1',
        'kube_cluster_name:dev-2',
      ],
      alert_type: 'error',
      aggregation_key: 'guard:github:acme/fleet:promtail:6.16.0',
      date_happened: Math.floor(Date.parse(failed.at) / 1000),
    });
  });

  it('dates the event at the transition, and shows a pass as success and a rollback as warning', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();

    await sink().announce(sampleAnnouncement({ event: 'wave.passed', at }), signal());
    await sink().announce(sampleAnnouncement({ event: 'rollback.opened', at }), signal());
    await sink().announce(sampleAnnouncement({ event: 'wave.merged', at }), signal());

    expect(posted().map((e) => e.alert_type)).toEqual(['success', 'warning', 'info']);
    expect(posted()[0]?.date_happened).toBe(Math.floor(Date.parse(at) / 1000));
  });

  it('leaves out date_happened for a transition older than the 18 hours Datadog accepts', async () => {
    const old = new Date(Date.now() - 19 * 3_600_000).toISOString();

    await sink().announce(sampleAnnouncement({ at: old }), signal());

    expect(posted()[0]).not.toHaveProperty('date_happened');
  });

  it('tags clusters with the fleet’s own clusterTag and posts to the configured site', async () => {
    const a = sampleAnnouncement({ metrics: { provider: 'datadog', clusterTag: 'cluster_name' } });

    await sink({ DD_SITE: 'datadoghq.eu' }).announce(a, signal());

    expect(posted()).toEqual([]);
    expect((eu.state.events[0] as unknown as Body).tags).toContain('cluster_name:dev-2');
  });

  it('marks nothing for a fleet on Prometheus (it has no events), and succeeds', async () => {
    const a = sampleAnnouncement({ metrics: { provider: 'prometheus', clusterTag: 'cluster' } });

    await sink().announce(a, signal());

    expect(posted()).toEqual([]);
  });

  it('refuses for good a key Datadog rejects (403), naming Datadog’s error and never the key', async () => {
    const wrong = createDatadogEventsAnnouncer({
      env: { DD_API_KEY: 'wrong-key-00000000', DD_APP_KEY: APP_KEY },
    })!;

    const error = (await wrong.announce(sampleAnnouncement(), signal()).catch((e: unknown) => e)) as Error;

    expect(error.name).toBe('AnnounceRefusedError');
    expect(error.message).toContain('HTTP 403: Forbidden');
    expect(error.message).not.toContain('wrong-key-00000000');
  });
});
