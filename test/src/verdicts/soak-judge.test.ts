import { describe, expect, it } from 'vitest';
import type { Clusters, WorkloadStatus } from '../../../src/ports/clusters.ts';
import type { SoakMetric } from '../../../src/ports/service-provider.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { createSoakJudge } from '../../../src/verdicts/soak-judge.ts';
import { APPLIED, fakeMetrics, MERGED, soakInput, wobble } from './soak-world.ts';

const METRICS: SoakMetric[] = [
  { name: 'error-ratio', kind: 'ratio', query: 'errors{$clusters}', volumeQuery: 'requests{$clusters}' },
  { name: 'p95-latency', kind: 'latency', query: 'p95{$clusters}' },
];
const NOW = new Date(APPLIED.getTime() + 20 * 60_000);
const ONSET_SEC = NOW.getTime() / 1000 - 8 * 60;

/** Healthy everywhere except `broken`, whose errors and latency step up 8 minutes before now. */
function world(broken: string[] = []) {
  return fakeMetrics((query, cluster, sec) => {
    const bad = broken.includes(cluster) && sec >= ONSET_SEC;
    const noise = wobble(cluster, sec);
    if (query.startsWith('requests')) return 5000 + 200 * noise;
    if (query.startsWith('errors')) return (bad ? 0.05 : 0.01) * (1 + 0.05 * noise);
    return (bad ? 180 : 120) * (1 + 0.02 * noise);
  });
}

describe('the soak judge', () => {
  it('passes healthy clusters and asks one query per metric (plus the volume) for the whole wave', async () => {
    const metrics = world();
    const wave = Array.from({ length: 50 }, (_, i) => `prod-${i}`);

    const report = await createSoakJudge({ metrics }).soak(
      soakInput({ wave, controls: ['later-1'], now: NOW, metrics: METRICS }),
    );

    expect(Object.values(report.verdicts)).toEqual(new Array(50).fill('pass'));
    expect(metrics.queries).toHaveLength(3);
    expect(metrics.queries[0]!.clusters).toEqual([...wave, 'later-1']);
    expect(report.title).toBe('soak: all 50 clusters pass');
  });

  it('ends its windows one step before now, where the newest bucket is still filling', async () => {
    const metrics = world();

    await createSoakJudge({ metrics }).soak(soakInput({ wave: ['a'], now: NOW, metrics: METRICS }));

    expect(metrics.queries[0]!.to).toBe(NOW.getTime() - 60_000);
    expect(metrics.queries[0]!.from).toBe(MERGED.getTime() - 3_600_000);
  });

  it('returns its baseline and, given it back, queries only the soak window and judges the same', async () => {
    const judge = createSoakJudge({ metrics: world(['b']) });
    const first = await judge.soak(soakInput({ wave: ['a', 'b'], now: NOW, metrics: METRICS }));
    const metrics = world(['b']);

    const again = await createSoakJudge({ metrics }).soak(
      soakInput({
        wave: ['a', 'b'],
        now: NOW,
        metrics: METRICS,
        baseline: JSON.parse(JSON.stringify(first.baseline)),
      }),
    );

    expect(metrics.queries[0]!.from).toBeGreaterThanOrEqual(APPLIED.getTime() - 60_000);
    expect(again.verdicts).toEqual(first.verdicts);
    expect(again.verdicts).toEqual({ a: 'pass', b: 'fail' });
  });

  it('writes the failure evidence a reviewer reads, with sparklines and the provider note', async () => {
    const report = await createSoakJudge({ metrics: world(['prod-euw1']) }).soak(
      soakInput({
        wave: ['prod-use1', 'prod-euw1'],
        controls: ['prod-apse1'],
        now: NOW,
        metrics: METRICS,
        soakNote: 'The agent’s own metrics are disturbed while it restarts.',
      }),
    );

    expect(report.verdicts).toEqual({ 'prod-use1': 'pass', 'prod-euw1': 'fail' });
    expect(report.title).toBe('soak: 1 of 2 clusters failing (prod-euw1)');
    expect(report.markdown).toMatch(/[▁▂▃▄▅▆▇█]{5}/);
    await expect(report.markdown).toMatchFileSnapshot('../../fixtures/reports/soak-failure.md');
  });

  it('is inconclusive, never failing, when a query fails or a series is missing', async () => {
    const metrics = world();
    metrics.series = async () => {
      throw new Error('Prometheus answered 503');
    };
    const warnings: string[] = [];

    const report = await createSoakJudge({ metrics, log: { warn: (_, m) => warnings.push(m) } }).soak(
      soakInput({ wave: ['a'], now: NOW, metrics: METRICS }),
    );

    expect(report.verdicts).toEqual({ a: 'inconclusive' });
    expect(report.markdown).toContain('query failed: Prometheus answered 503');
    expect(warnings).toContain('soak metric query failed');
  });

  it('hands a rate limit on instead of judging without the data: the evaluation runs after the wait', async () => {
    const limited = async (): Promise<never> => {
      throw new RateLimitedError({ client: 'datadog', retryAfterMs: 30_000, reason: 'rate-limit' });
    };
    const input = soakInput({ wave: ['a'], now: NOW, metrics: METRICS });
    const onSeries = Object.assign(world(), { series: limited });
    const onAlerts = Object.assign(world(), { alerts: limited });
    const clusters = { workloads: limited } as unknown as Clusters;

    await expect(createSoakJudge({ metrics: onSeries }).soak(input)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(createSoakJudge({ metrics: onAlerts }).soak(input)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(createSoakJudge({ metrics: world(), clusters }).soak(input)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('fails a cluster with alerts firing', async () => {
    const metrics = fakeMetrics(() => 1, { b: ['HighErrorRate'] });

    const report = await createSoakJudge({ metrics }).soak(
      soakInput({ wave: ['a', 'b'], now: NOW, metrics: [] }),
    );

    expect(report.verdicts).toEqual({ a: 'pass', b: 'fail' });
    expect(report.markdown).toContain('firing: HighErrorRate');
  });

  it('checks workloads: not ready or crash-looping fails, and restarts rising since the last evaluation fail', async () => {
    let restarts = 1;
    const statuses: Record<string, () => WorkloadStatus> = {
      a: () => ({ name: 'deployment/web', ready: true, restarts, crashLooping: false }),
      b: () => ({
        name: 'deployment/web',
        ready: false,
        restarts: 0,
        crashLooping: true,
        reason: 'CrashLoopBackOff',
      }),
    };
    const clusters = { workloads: async (c: string) => [statuses[c]!()] } as unknown as Clusters;
    const judge = createSoakJudge({ metrics: fakeMetrics(() => 1), clusters });
    const first = await judge.soak(soakInput({ wave: ['a', 'b'], now: NOW, metrics: [] }));
    restarts = 4;

    const second = await judge.soak(
      soakInput({ wave: ['a', 'b'], now: NOW, metrics: [], baseline: first.baseline }),
    );

    expect(first.verdicts).toEqual({ a: 'pass', b: 'fail' });
    expect(second.verdicts).toEqual({ a: 'fail', b: 'fail' });
    expect(second.markdown).toContain('deployment/web 1 → 4');
  });
});
