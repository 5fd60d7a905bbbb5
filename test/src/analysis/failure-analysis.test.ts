import { describe, expect, it } from 'vitest';
import { analysisKey } from '../../../src/analysis/analysis-record.ts';
import { ANALYSIS_HEADING } from '../../../src/analysis/render-analysis.ts';
import { analysisKit } from './analysis-kit.ts';
import { LEAKED } from './sample-evidence.ts';

describe('failure analysis', () => {
  it("reads the failing cluster's events, asks the model once and posts its answer under the heading on the rollback MR", async () => {
    const k = await analysisKit();

    await k.run();

    expect(k.model.calls()).toBe(1);
    expect(k.model.prompts[0]?.user).toContain(
      'Warning BackOff Pod/promtail-x8k2p (x12): Back-off restarting failed container promtail',
    );
    const queries = k.clusters.calls.filter((c) => c.method === 'events');
    expect(queries.map((c) => c.cluster)).toEqual(['dev-2']);
    expect(queries[0]?.args[0]).toMatchObject({
      namespace: 'logging',
      workloads: ['daemonset/promtail'],
      since: new Date('2026-03-02T11:00:00.000Z'),
    });
    const [comment] = k.comments();
    expect(k.comments()).toHaveLength(1);
    expect(comment?.body).toContain(ANALYSIS_HEADING);
    expect(comment?.body).toContain('Hypothesis: promtail 6.16.0 cannot push to Loki.');
    expect(comment?.body).toContain('2 recent Kubernetes events on dev-2');
    expect(await k.records()).toEqual([]);
    expect(k.outcomes).toEqual(['posted']);
  });

  it('never sends the model a token quoted in an event message', async () => {
    const k = await analysisKit();

    await k.run();

    const sent = `${k.model.prompts[0]?.system}${k.model.prompts[0]?.user}`;
    expect(sent).toContain('loki push failed: token=[redacted]');
    expect(sent).not.toContain(LEAKED);
  });

  it('stores a request accepted twice (the outbox action repeated after a crash) once, and asks once', async () => {
    const k = await analysisKit();

    await k.analysis.accept(k.request);
    await k.analysis.accept(k.request);
    await k.analysis.idle();

    expect(k.model.calls()).toBe(1);
    expect(k.comments()).toHaveLength(1);
  });

  it('does nothing more on a re-run after posting, even when the request is stored again: no second question, no new write', async () => {
    const k = await analysisKit();
    await k.run();
    const writes = k.forge.writes().length;

    await k.analysis.sweep();
    await k.analysis.idle();
    await k.run(k.make('replica-2'));

    expect(k.model.calls()).toBe(1);
    expect(k.comments()).toHaveLength(1);
    expect(k.forge.writes()).toHaveLength(writes);
    expect(await k.records()).toEqual([]);
  });

  it('asks once when two replicas work the same store at the same time', async () => {
    const k = await analysisKit();
    const other = k.make('replica-2');

    await k.analysis.accept(k.request);
    await other.sweep();
    await Promise.all([k.analysis.idle(), other.idle()]);
    await other.sweep();
    await other.idle();

    expect(k.model.calls()).toBe(1);
    expect(k.comments()).toHaveLength(1);
    expect(k.outcomes).toEqual(['posted']);
  });

  it('leaves the section out when the model does not answer in time: nothing posted, counted and logged', async () => {
    const k = await analysisKit({ limits: { timeoutMs: 20 } });
    k.model.behave('hang');

    await k.run();

    expect(k.comments()).toEqual([]);
    expect(await k.records()).toEqual([]);
    expect(k.outcomes).toEqual(['timeout']);
    expect(k.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'failure analysis omitted',
        fields: expect.objectContaining({ outcome: 'timeout', mr: k.rollbackMr.number }),
      }),
    );
  });

  it.each(['unavailable', 'denied', 'throttled', 'empty'] as const)(
    'leaves the section out when the model is %s, and does not ask again',
    async (mode) => {
      const k = await analysisKit();
      k.model.behave(mode);

      await k.run();
      k.advance(3_600_000);
      await k.analysis.sweep();
      await k.analysis.idle();

      expect(k.comments()).toEqual([]);
      expect(k.outcomes).toEqual(['error']);
      expect(k.model.calls()).toBe(1);
    },
  );

  it('never asks again for a request a replica was asking when it stopped, and gives it up', async () => {
    const k = await analysisKit();
    const key = analysisKey(k.request.rollout, k.request.id);
    const asking = {
      ...k.request,
      storedAt: new Date().toISOString(),
      status: 'asking',
      askedAt: '2026-03-02T11:06:00.000Z',
    };
    await k.store.put(key, { ...asking, storedAt: '2026-03-02T11:05:30.000Z' }, 0);

    await k.analysis.sweep();
    await k.analysis.idle();
    const meanwhile = await k.records();
    k.advance(2 * 60_000);
    await k.analysis.sweep();
    await k.analysis.idle();

    expect(meanwhile).toEqual([key]);
    expect(await k.records()).toEqual([]);
    expect(k.model.calls()).toBe(0);
    expect(k.outcomes).toEqual(['abandoned']);
    expect(k.comments()).toEqual([]);
  });

  it('posts the stored answer later when the forge refuses the comment, without asking the model again', async () => {
    const k = await analysisKit();
    k.forge.refuse('ensureComment', 403);

    await k.run();
    const waiting = await k.record();
    k.forge.refuse('ensureComment', undefined);
    k.advance(31_000);
    await k.analysis.sweep();
    await k.analysis.idle();

    expect(waiting).toMatchObject({ status: 'answered', tries: 1 });
    expect(k.model.calls()).toBe(1);
    expect(k.comments()).toHaveLength(1);
    expect(k.outcomes).toEqual(['posted']);
  });

  it('gives a comment the forge keeps refusing up after 8 tries', async () => {
    const k = await analysisKit();
    k.forge.refuse('ensureComment', 403);

    await k.run();
    for (let i = 0; i < 8; i++) {
      k.advance(600_000);
      await k.analysis.sweep();
      await k.analysis.idle();
    }

    expect(await k.records()).toEqual([]);
    expect(k.outcomes).toEqual(['abandoned']);
    expect(k.model.calls()).toBe(1);
  });

  it('still asks when a failing cluster cannot be read for events, and says so to the model', async () => {
    const k = await analysisKit();
    k.clusters.spec.clusters['dev-2']!.unreachable = 'connect ECONNREFUSED 10.0.0.1:443';

    await k.run();

    expect(k.model.prompts[0]?.user).toContain('### dev-2: events could not be read');
    expect(k.model.prompts[0]?.user).not.toContain('ECONNREFUSED');
    expect(k.comments()[0]?.body).toContain('no Kubernetes events');
    expect(k.outcomes).toEqual(['posted']);
  });
});
