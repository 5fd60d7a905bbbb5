import { beforeAll, describe, expect, it } from 'vitest';
import type { Metrics, SeriesQuery } from '../../src/ports/metrics.ts';

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
      expect(alerts.get('a')!.some((alert) => alert.includes(CONTRACT_ALERT))).toBe(true);
      expect(alerts.get('b')).toEqual([]);
    });

    it('places a deployment marker, or skips it where the backend has none, without failing', async () => {
      await expect(
        h.source.mark({ title: 'guard: istio 1.20.0 → test', text: 'merged', clusters: ['a'] }),
      ).resolves.toBeUndefined();
    });
  });
}
