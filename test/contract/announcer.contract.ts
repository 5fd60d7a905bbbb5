import { beforeEach, describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENT_EVENTS,
  type Announcement,
  AnnounceRefusedError,
  type Announcer,
} from '../../src/ports/announcer.ts';

/** How the receiver behind a sink answers from now on. */
export type ReceiverMode = 'ok' | 'transient' | 'refused' | 'hang';

/** A sink wired to a receiver the test controls (msw for the real sinks). */
export interface AnnouncerHarness {
  announcer: Announcer;
  /** Deliveries the receiver took so far, each with the idempotency key it carried (if the channel carries one). */
  received(): { key: string | undefined }[];
  /** ok; transient: a 5xx or the vendor's "try again"; refused: the vendor's documented refusal; hang: no answer. */
  behave(mode: ReceiverMode): void;
  /** Values that must never show in an error message: URLs that are credentials, tokens, secrets. */
  secrets: readonly string[];
  /** Whether the channel carries the idempotency key (Slack metadata, a header; not a Datadog event). */
  carriesKey: boolean;
}

/** An announcement every sink takes: a soak failure, on a fleet whose metrics live in Datadog. */
export function sampleAnnouncement(overrides: Partial<Announcement> = {}): Announcement {
  return {
    id: '5f2c0e0b9d6a4c1e8a7b3d2f1e0c9b8a',
    event: 'wave.failed',
    at: '2026-03-02T10:30:00.000Z',
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
    reason: 'soak failed on cluster dev-2: 3 consecutive failing evaluations',
    metrics: { provider: 'datadog', clusterTag: 'kube_cluster_name' },
    ...overrides,
  };
}

const signal = () => new AbortController().signal;

/**
 * What every `Announcer` shares; each sink's test file calls this once with a harness over its
 * receiver, and the in-memory fake the engine tests use passes it too.
 */
export function describeAnnouncerContract(name: string, makeHarness: () => AnnouncerHarness): void {
  describe(`${name} announcer contract`, () => {
    let h: AnnouncerHarness;
    const sample = sampleAnnouncement();

    beforeEach(() => {
      h = makeHarness();
      h.behave('ok');
    });

    it('names itself and wants a non-empty set of the known events, a soak failure among them', () => {
      const wanted = ANNOUNCEMENT_EVENTS.filter((e) => h.announcer.wants(e));

      expect(h.announcer.id).toMatch(/^[a-z][a-z-]*$/);
      expect(wanted.length).toBeGreaterThan(0);
      expect(wanted).toContain('wave.failed');
    });

    it('delivers an announcement once per call', async () => {
      await h.announcer.announce(sample, signal());

      expect(h.received()).toHaveLength(1);
    });

    it('carries the same idempotency key when the same announcement is sent again', async () => {
      await h.announcer.announce(sample, signal());
      await h.announcer.announce(sample, signal());

      const keys = h.received().map((r) => r.key);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      if (h.carriesKey) expect(keys[0]).toBe(sample.id);
    });

    it('fails a delivery the receiver could take later with an error worth retrying', async () => {
      h.behave('transient');

      const error = await h.announcer.announce(sample, signal()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AnnounceRefusedError);
    });

    it('fails a delivery the receiver refuses for good with an AnnounceRefusedError', async () => {
      h.behave('refused');

      await expect(h.announcer.announce(sample, signal())).rejects.toBeInstanceOf(AnnounceRefusedError);
    });

    it('never puts a URL that is a credential, a token or a secret into an error message', async () => {
      const messages: string[] = [];
      for (const mode of ['transient', 'refused'] as const) {
        h.behave(mode);
        await h.announcer
          .announce(sample, signal())
          .catch((e: Error) => messages.push(`${e.message} ${e.stack}`));
      }

      expect(messages).toHaveLength(2);
      for (const secret of h.secrets) for (const message of messages) expect(message).not.toContain(secret);
    });

    it('gives up a delivery nobody answers once its signal aborts', async () => {
      h.behave('hang');
      const controller = new AbortController();

      const delivery = h.announcer.announce(sample, controller.signal);
      setTimeout(() => controller.abort(), 50);

      await expect(delivery).rejects.toThrow();
    });
  });
}
