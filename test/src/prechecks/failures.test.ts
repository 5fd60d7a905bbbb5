import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/ports/service-provider.ts';
import { createPrechecks } from '../../../src/prechecks/create-prechecks.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { createFakeMetrics } from '../../fakes/metrics.ts';
import { errorSeries, healthyCluster, meshProvider, nextTurn, waveInput } from './wave.ts';

const NAMES = ['dev-a', 'dev-b', 'dev-c'];

function world(names: readonly string[] = NAMES) {
  const clusters = createFakeClusters({
    clusters: Object.fromEntries(names.map((n) => [n, healthyCluster()])),
  });
  const metrics = createFakeMetrics({ series: errorSeries(names) });
  return { clusters, metrics };
}

function failures(outcomes: readonly CheckOutcome[]): CheckOutcome[] {
  return outcomes.filter((o) => o.status === 'fail');
}

function recordingLog() {
  const lines: { details: object; message: string }[] = [];
  return { lines, warn: (details: object, message: string) => lines.push({ details, message }) };
}

describe('prechecks › when something goes wrong', () => {
  it('gives a cluster that does not answer in time a ❌ and leaves the others alone', async () => {
    const { clusters, metrics } = world();
    clusters.spec.clusters['dev-b']!.hang = true;

    const report = await createPrechecks({ clusters, metrics, delay: nextTurn }).prechecks(waveInput(NAMES));

    const [a, b, c] = report.rows;
    expect(failures(b!.outcomes)).toEqual([{ check: 'api', status: 'fail', reason: 'no answer within 20s' }]);
    expect(failures(a!.outcomes)).toEqual([]);
    expect(failures(c!.outcomes)).toEqual([]);
    expect(report.title).toBe('prechecks failed: 1 of 3 clusters — api on dev-b');
  });

  it('marks the check in progress when the deadline passes, and runs no more of that cluster', async () => {
    const { clusters, metrics } = world(['dev-a']);
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await nextTurn();
    };
    // drift answers, but only after its deadline passed: nothing may run after that.
    clusters.spec.delay = (call) => (call.method === 'applied' ? turns(3) : Promise.resolve());

    const report = await createPrechecks({ clusters, metrics, timeoutMs: 5_000, delay: nextTurn }).prechecks(
      waveInput(['dev-a']),
    );

    expect(report.rows[0]!.outcomes.map((o) => `${o.check} ${o.status}`)).toEqual([
      'api pass',
      'nodes pass',
      'workloads pass',
      'drift fail',
      'alerts pass',
      'baselines pass',
    ]);
    expect(failures(report.rows[0]!.outcomes)[0]!.reason).toBe('no answer within 5s');
    await turns(5);
    expect(clusters.calls.filter((c) => c.method === 'list')).toEqual([]);
  });

  it('turns a check that throws into ❌ with the error message, logs it, and runs the rest', async () => {
    const { clusters, metrics } = world(['dev-a']);
    clusters.spec.clusters['dev-a']!.errors = {
      notReadyNodes: 'nodes is forbidden: User "guard" cannot list resource "nodes"',
    };
    const log = recordingLog();

    const report = await createPrechecks({ clusters, metrics, log }).prechecks(waveInput(['dev-a']));

    expect(failures(report.rows[0]!.outcomes)).toEqual([
      {
        check: 'nodes',
        status: 'fail',
        reason: 'nodes is forbidden: User "guard" cannot list resource "nodes"',
      },
    ]);
    expect(report.rows[0]!.outcomes).toHaveLength(9);
    expect(log.lines).toEqual([
      {
        message: 'precheck did not complete',
        details: {
          cluster: 'dev-a',
          check: 'nodes',
          error: 'nodes is forbidden: User "guard" cannot list resource "nodes"',
        },
      },
    ]);
  });

  it("names the provider when the provider's own prechecks throw", async () => {
    const { clusters, metrics } = world(['dev-a']);
    const provider = {
      ...meshProvider,
      prechecks: async () => {
        throw new Error('cannot read PodDisruptionBudgets: 403');
      },
    };

    const report = await createPrechecks({ clusters, metrics }).prechecks(waveInput(['dev-a'], { provider }));

    expect(failures(report.rows[0]!.outcomes)).toEqual([
      { check: 'mesh', status: 'fail', reason: 'cannot read PodDisruptionBudgets: 403' },
    ]);
  });

  it('fails alerts and baselines for every cluster when the metrics backend errors', async () => {
    const { clusters } = world();
    const metrics = createFakeMetrics({
      errors: { alerts: 'HTTP 503 from Datadog', series: 'HTTP 429: retry later' },
    });

    const report = await createPrechecks({ clusters, metrics }).prechecks(waveInput(NAMES));

    for (const row of report.rows)
      expect(failures(row.outcomes)).toEqual([
        { check: 'alerts', status: 'fail', reason: 'metrics backend: HTTP 503 from Datadog' },
        { check: 'baselines', status: 'fail', reason: 'errors: HTTP 429: retry later' },
      ]);
  });

  it('keeps a multi-line error to one bounded line', async () => {
    const { clusters, metrics } = world(['dev-a']);
    clusters.spec.clusters['dev-a']!.errors = { workloads: `connect ECONNREFUSED\n${'x'.repeat(1000)}` };

    const report = await createPrechecks({ clusters, metrics }).prechecks(waveInput(['dev-a']));

    const reason = failures(report.rows[0]!.outcomes)[0]!.reason;
    expect(reason).toMatch(/^connect ECONNREFUSED x+…$/);
    expect(reason.length).toBeLessThanOrEqual(300);
  });
});

describe('prechecks › load on clusters and backends', () => {
  it('never has more clusters in flight than the concurrency bound, yet uses all of it', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `dev-${i}`);
    const { clusters, metrics } = world(names);
    clusters.spec.delay = nextTurn;

    const report = await createPrechecks({ clusters, metrics, concurrency: 3 }).prechecks(waveInput(names));

    expect(clusters.peakInFlight).toBe(3);
    expect(report.rows.map((r) => r.cluster)).toEqual(names);
    expect(report.passed).toBe(true);
  });

  it('asks the metrics backend once for alerts and once per soak metric for the whole wave', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `dev-${i}`);
    const { clusters, metrics } = world(names);

    await createPrechecks({ clusters, metrics }).prechecks(waveInput(names));

    expect(metrics.calls.map((c) => c.method).sort()).toEqual(['alerts', 'series']);
    const series = metrics.calls.find((c) => c.method === 'series');
    expect(series).toMatchObject({
      input: {
        clusters: names,
        from: Date.parse('2026-03-02T08:00:00Z'),
        to: Date.parse('2026-03-02T09:00:00Z'),
      },
    });
  });

  it('refuses a concurrency bound that would check nothing', () => {
    const { clusters } = world();

    expect(() => createPrechecks({ clusters, concurrency: 0 })).toThrow(
      'prechecks concurrency must be a whole number of at least 1, got 0',
    );
  });

  it('asks each release once per version even when several fields share it', async () => {
    const { clusters, metrics } = world(['dev-a']);
    const input = waveInput(['dev-a']);
    const [field] = input.clusters[0]!.fields;
    const twice = {
      ...input,
      clusters: [{ ...input.clusters[0]!, fields: [field!, { ...field!, field: 'spec.values.tag' }] }],
    };

    await createPrechecks({ clusters, metrics }).prechecks(twice);

    expect(clusters.calls.filter((c) => c.method === 'applied')).toHaveLength(1);
  });
});
