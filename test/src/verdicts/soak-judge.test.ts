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

  it('ends windows at the newest bucket, so bucket-start stamps (Datadog) still give the last two intervals two points', async () => {
    const endSec = NOW.getTime() / 1000 - 60; // the judge's windows end one step before now
    const metrics = fakeMetrics((_query, cluster, sec) => {
      if (sec > endSec - 60) return undefined; // buckets stamped at their start: the newest one interval back
      return (sec >= endSec - 120 ? 150 : 100) * (1 + 0.01 * wobble(cluster, sec));
    });
    const latency: SoakMetric[] = [{ name: 'p95-latency', kind: 'latency', query: 'p95{$clusters}' }];

    const report = await createSoakJudge({ metrics }).soak(
      soakInput({ wave: ['a'], now: NOW, metrics: latency }),
    );

    expect(report.verdicts).toEqual({ a: 'fail' });
    // Both bad buckets in the 2-interval window: without the alignment it would hold one, which no test judges.
    expect(report.markdown).toContain('150.3 · 150.4 (2 pts)');
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

  describe('with data missing', () => {
    // An Istio mesh whose Prometheus has request counters but no series for the 5xx and reject
    // counters before the first error, and no duration histogram at all.
    const MESH: SoakMetric[] = [
      {
        name: 'mesh-5xx-ratio',
        kind: 'ratio',
        query: 'errors{$clusters}',
        volumeQuery: 'requests{$clusters}',
      },
      { name: 'mesh-p95-ms', kind: 'latency', query: 'p95{$clusters}' },
      { name: 'xds-rejects', kind: 'count', query: 'rejects{$clusters}' },
    ];
    const mesh = fakeMetrics((query, cluster, sec) => {
      if (cluster === 'silent') return undefined;
      if (query.startsWith('requests')) return 5000 + 200 * wobble(cluster, sec);
      if (query.startsWith('rejects') && cluster === 'rejecting' && sec >= ONSET_SEC) return 6;
      return undefined;
    });

    it('reads absent error counters as zero on a cluster that reports requests, and passes it on them', async () => {
      const report = await createSoakJudge({ metrics: mesh }).soak(
        soakInput({ wave: ['healthy'], now: NOW, metrics: MESH }),
      );

      expect(report.verdicts).toEqual({ healthy: 'pass' });
      expect(report.reasons).toEqual({});
    });

    it('still fails a cluster whose error counter appears during the soak, against a zero baseline', async () => {
      const report = await createSoakJudge({ metrics: mesh }).soak(
        soakInput({ wave: ['healthy', 'rejecting'], now: NOW, metrics: MESH }),
      );

      expect(report.verdicts).toEqual({ healthy: 'pass', rejecting: 'fail' });
      expect(report.reasons?.rejecting).toMatch(/^xds-rejects: higher than baseline .*\(count p=/);
    });

    it('is inconclusive only for a cluster without any data, saying what is missing', async () => {
      const report = await createSoakJudge({ metrics: mesh }).soak(
        soakInput({ wave: ['healthy', 'silent'], now: NOW, metrics: MESH }),
      );

      expect(report.verdicts).toEqual({ healthy: 'pass', silent: 'inconclusive' });
      expect(report.reasons?.silent).toContain(
        'mesh-p95-ms: baseline has 0 points before the merge; needs 8',
      );
      expect(report.reasons?.silent).toContain(
        'xds-rejects: baseline has 0 points before the merge; needs 8',
      );
    });

    it('shows a metric read as zero in the evidence', async () => {
      const report = await createSoakJudge({ metrics: mesh }).soak(
        soakInput({ wave: ['rejecting'], now: NOW, metrics: MESH }),
      );

      expect(report.markdown).toContain('mesh-5xx-ratio');
      expect(report.markdown).toContain('no series, read as 0 (nothing counted)');
    });
  });

  describe('alerts during the soak', () => {
    const after = MERGED.getTime() + 10 * 60_000;
    const before = MERGED.getTime() - 60 * 60_000;
    const link = 'https://app.datadoghq.com/monitors/7';

    it('fails a cluster whose alert started firing after the merge, naming and linking it', async () => {
      const metrics = fakeMetrics(() => 1, {
        b: [{ name: 'HighErrorRate (Alert)', since: after, url: link }],
      });

      const report = await createSoakJudge({ metrics }).soak(
        soakInput({ wave: ['a', 'b'], now: NOW, metrics: [] }),
      );

      expect(report.verdicts).toEqual({ a: 'pass', b: 'fail' });
      expect(report.reasons?.b).toBe(
        'alerts: started firing during the soak: HighErrorRate (Alert) since 10:10Z',
      );
      expect(report.markdown).toContain(`[HighErrorRate (Alert)](${link})`);
    });

    it('only warns about an alert that was firing before the merge', async () => {
      const metrics = fakeMetrics(() => 1, { b: [{ name: 'DiskFull (Warn)', since: before, url: link }] });

      const report = await createSoakJudge({ metrics }).soak(
        soakInput({ wave: ['a', 'b'], now: NOW, metrics: [] }),
      );

      expect(report.verdicts).toEqual({ a: 'pass', b: 'pass' });
      expect(report.markdown).toContain(
        'already firing before the merge (not counted): DiskFull (Warn) since 09:00Z',
      );
    });

    it('takes an alert without a start time seen at the first evaluation as older, and fails one that appears later', async () => {
      const alerts: Record<string, { name: string }[]> = { a: [{ name: 'Old' }] };
      const metrics = fakeMetrics(() => 1, alerts);
      const judge = createSoakJudge({ metrics });
      const first = await judge.soak(soakInput({ wave: ['a'], now: NOW, metrics: [] }));
      alerts.a!.push({ name: 'New' });

      const second = await judge.soak(
        soakInput({ wave: ['a'], now: NOW, metrics: [], baseline: first.baseline }),
      );

      expect(first.verdicts).toEqual({ a: 'pass' });
      expect(second.verdicts).toEqual({ a: 'fail' });
      expect(second.reasons?.a).toBe(
        'alerts: started firing during the soak: New; already firing before the merge: Old',
      );
    });

    it('asks for no alerts at all with metrics.alerts: ignore', async () => {
      const metrics = fakeMetrics(() => 1, { a: [{ name: 'HighErrorRate', since: after }] });
      const input = soakInput({ wave: ['a'], now: NOW, metrics: [] });
      input.fleet.metrics!.alerts = 'ignore';
      let asked = false;
      const alerts = metrics.alerts;
      metrics.alerts = async (clusters) => {
        asked = true;
        return alerts(clusters);
      };

      const report = await createSoakJudge({ metrics }).soak(input);

      expect(asked).toBe(false);
      expect(report.verdicts).toEqual({ a: 'inconclusive' });
    });
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

describe('the soak judge under a rate limit', () => {
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
});
