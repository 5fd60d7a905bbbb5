import { beforeAll, describe, expect, it } from 'vitest';
import type { Metrics, SeriesQuery } from '../../src/ports/metrics.ts';
import type { SoakMetric } from '../../src/ports/service-provider.ts';
import type { SoakInput } from '../../src/rollout/wave-checks.ts';
import { createSoakJudge } from '../../src/verdicts/soak-judge.ts';
import { soakInput } from '../src/verdicts/soak-world.ts';

/** The alert every harness can make fire (a Datadog monitor, a Prometheus rule) for chosen clusters. */
export const CONTRACT_ALERT = 'GuardContractAlert';

/** What the backend holds for the contract: a constant value per cluster, and where the alert fires. */
export interface MetricsWorld {
  /** Cluster → value of the contract metric (e.g. requests per second). */
  series: Readonly<Record<string, number>>;
  alerting: readonly string[];
}

/** A source wired to a backend whose content the test controls. */
export interface MetricsHarness {
  source: Metrics;
  /** Makes `world` what the backend holds; resolves once queries can see it. */
  put(world: MetricsWorld): Promise<void>;
  /** The backend's query reading the contract metric, with `$clusters`. */
  query: string;
  /** A query the backend refuses, with `$clusters`, and what its refusal says. */
  badQuery: string;
  badQueryError: RegExp;
  /** Series queries the backend has answered so far (the harness's own reads not counted). */
  backendQueries(): number;
  /** A window (epoch ms) ending now in which the put values are visible, and its step. */
  window(): { from: number; to: number; stepMs: number };
  /** When the contract alert started firing, as far as the harness knows (epoch ms, inclusive). */
  alertStarted(): { from: number; to: number };
  /** Where the backend's UI lives: every link must start with it. */
  uiBase: string;
  /** The metric `query` reads, as a link to it names it. */
  metricName: string;
}

const WORLD: MetricsWorld = { series: { a: 1, b: 5, c: 9 }, alerting: ['a', 'c'] };

/**
 * The behaviour every `Metrics` adapter shares; each adapter's test file calls this once with a
 * harness over its backend (a fake Datadog, a real Prometheus). The world is put once, up front.
 */
export function describeMetricsContract(name: string, makeHarness: () => Promise<MetricsHarness>): void {
  describe(`${name} metrics contract`, () => {
    let h: MetricsHarness;
    const ask = (clusters: string[], query = h.query): SeriesQuery => ({ query, clusters, ...h.window() });

    beforeAll(async () => {
      h = await makeHarness();
      await h.put(WORLD);
    });

    it('returns one series per cluster of the wave, keyed by cluster name, with its values', async () => {
      const series = await h.source.series(ask(['a', 'b']));

      expect([...series.keys()].sort()).toEqual(['a', 'b']);
      for (const [cluster, expected] of [['a', 1] as const, ['b', 5] as const]) {
        const values = series.get(cluster)!.map(([, value]) => value);
        expect(values.length).toBeGreaterThan(0);
        for (const value of values) expect(value).toBeCloseTo(expected, 6);
      }
    });

    it('leaves out clusters outside the wave even when they have data', async () => {
      const series = await h.source.series(ask(['b']));

      expect([...series.keys()]).toEqual(['b']);
    });

    it('leaves a cluster without data out instead of failing the query', async () => {
      const series = await h.source.series(ask(['a', 'quiet-cluster']));

      expect([...series.keys()]).toEqual(['a']);
    });

    it('keeps every point within [from, to], in epoch seconds', async () => {
      const query = ask(['a', 'b', 'c']);

      const series = await h.source.series(query);

      const times = [...series.values()].flat().map(([t]) => t);
      expect(times.length).toBeGreaterThan(0);
      for (const t of times) {
        expect(t).toBeGreaterThanOrEqual(query.from / 1000);
        expect(t).toBeLessThanOrEqual(query.to / 1000);
      }
    });

    it('asks the backend once per call, whatever the number of clusters', async () => {
      const before = h.backendQueries();
      await h.source.series(ask(['a']));
      const afterOne = h.backendQueries();

      await h.source.series(ask(['a', 'b', 'c', 'quiet-cluster']));

      expect(afterOne - before).toBe(1);
      expect(h.backendQueries() - afterOne).toBe(1);
    });

    it('answers an empty wave without asking the backend', async () => {
      const before = h.backendQueries();

      const series = await h.source.series(ask([]));

      expect(series.size).toBe(0);
      expect(h.backendQueries()).toBe(before);
    });

    it('refuses a query without $clusters, since it would not be narrowed to the wave', async () => {
      const before = h.backendQueries();

      await expect(h.source.series(ask(['a'], h.query.replace('$clusters', '*')))).rejects.toThrow(
        /has no \$clusters/,
      );
      expect(h.backendQueries()).toBe(before);
    });

    it('fails a query the backend refuses with an error carrying the query and the reason', async () => {
      const failure = h.source.series(ask(['a'], h.badQuery));

      await expect(failure).rejects.toThrow(/rejected .*query/);
      await expect(failure).rejects.toThrow(h.badQueryError);
    });

    it('reports alerts for the named clusters only, an empty list where none fires', async () => {
      const alerts = await h.source.alerts(['a', 'b']);

      expect([...alerts.keys()].sort()).toEqual(['a', 'b']);
      expect(alerts.get('a')!.some((alert) => alert.name.includes(CONTRACT_ALERT))).toBe(true);
      expect(alerts.get('b')).toEqual([]);
    });

    it('says since when each alert fires, and links to it in the backend', async () => {
      const alerts = await h.source.alerts(['a', 'c']);

      const started = h.alertStarted();
      for (const cluster of ['a', 'c']) {
        const alert = alerts.get(cluster)!.find((a) => a.name.includes(CONTRACT_ALERT))!;
        expect(alert.since).toBeGreaterThanOrEqual(started.from);
        expect(alert.since).toBeLessThanOrEqual(started.to);
        expect(alert.url?.startsWith(h.uiBase)).toBe(true);
      }
    });

    it('links a query for a cluster to the backend’s UI, naming the metric and the cluster', () => {
      const { from, to } = h.window();

      const url = h.source.explorerUrl({ query: h.query, clusters: ['b'], from, to });

      expect(url?.startsWith(h.uiBase)).toBe(true);
      const text = decodeURIComponent(url!.replaceAll('+', ' '));
      expect(text).toContain(h.metricName);
      expect(text).toMatch(/kube_cluster_name[:=~"]+b\b/);
      expect(text).not.toContain('$clusters');
    });

    describe('judged by the soak judge', () => {
      /** A one-evaluation soak of `wave` merged at `mergedAt`, evaluated at the end of the visible window. */
      const soakOf = (wave: string[], mergedAt: number, metrics: SoakMetric[] = []): SoakInput => {
        const { to } = h.window();
        const input = soakInput({ wave, now: new Date(to + 10_000), metrics });
        input.mergedAt = new Date(mergedAt);
        input.appliedAt = new Date(mergedAt);
        input.request.soak = { ...input.request.soak, interval: '10s' };
        return input;
      };

      it('fails a cluster whose alert started firing after the merge, naming the alert and linking to it', async () => {
        const report = await createSoakJudge({ metrics: h.source }).soak(
          soakOf(['a', 'b'], h.alertStarted().from - 60_000),
        );

        expect(report.verdicts).toEqual({ a: 'fail', b: 'pass' });
        expect(report.reasons?.a).toContain(`started firing during the soak: ${CONTRACT_ALERT}`);
        expect(report.markdown).toMatch(new RegExp(`\\[${CONTRACT_ALERT}[^\\]]*\\]\\(${h.uiBase}`));
      });

      it('only warns about an alert already firing before the merge', async () => {
        const report = await createSoakJudge({ metrics: h.source }).soak(
          soakOf(['a', 'b'], h.alertStarted().to + 60_000),
        );

        expect(report.verdicts).toEqual({ a: 'pass', b: 'pass' });
        expect(report.markdown).toContain(`already firing before the merge (not counted): ${CONTRACT_ALERT}`);
      });

      it('fails a cluster over an absolute limit without any baseline, with the limit and a link in the evidence', async () => {
        await visibleFor(h, 20_000);
        const { from, to, stepMs } = h.window();
        const interval = `${Math.max(10, stepMs / 1000)}s`;
        const metric: SoakMetric = { name: 'requests', kind: 'gauge', query: h.query, max: 4, for: interval };
        const input = soakOf(['a', 'b'], from + Math.floor((to - from) / 3), [metric]);
        input.request.soak = { ...input.request.soak, interval };
        input.fleet.metrics = { provider: 'prometheus', clusterTag: 'kube_cluster_name', alerts: 'ignore' };

        const report = await createSoakJudge({ metrics: h.source }).soak(input);

        expect(report.verdicts.b).toBe('fail');
        expect(report.verdicts.a).not.toBe('fail');
        expect(report.reasons?.b).toMatch(/^requests: 5 > max 4 for \d+[sm]$/);
        const row = report.markdown.split('\n').find((line) => line.startsWith('| requests |'))!;
        const link = /\]\((https?:[^)\s]+)\)/.exec(row)?.[1];
        expect(link?.startsWith(h.uiBase)).toBe(true);
        expect(decodeURIComponent(link!)).toContain(h.metricName);
      }, 60_000);
    });

    it('places a deployment marker, or skips it where the backend has none, without failing', async () => {
      await expect(
        h.source.mark({ title: 'guard: istio 1.20.0 → test', text: 'merged', clusters: ['a'] }),
      ).resolves.toBeUndefined();
    });
  });
}

/** Waits (in real time) until the harness's visible window spans `ms`: a live backend grows it. */
async function visibleFor(h: MetricsHarness, ms: number): Promise<void> {
  for (;;) {
    const { from, to } = h.window();
    if (to - from >= ms) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, ms - (to - from))));
  }
}
