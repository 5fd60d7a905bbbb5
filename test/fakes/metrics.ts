import type { FiringAlert, Metrics, Point, SeriesQuery } from '../../src/ports/metrics.ts';

/** Series of one query: points per cluster, or a function of the query for generated data. */
export type FakeSeries =
  | Record<string, readonly Point[]>
  | ((query: SeriesQuery) => Record<string, readonly Point[]>);

export interface FakeMetricsSpec {
  /** Keyed by the query exactly as the caller passes it (`$clusters` still in it). */
  series?: Record<string, FakeSeries>;
  /** Firing alerts per cluster (a name alone, or with since and link); clusters not named have none. */
  alerts?: Record<string, (string | FiringAlert)[]>;
  /** Make one method reject with this message (`{ series: 'HTTP 429' }`). */
  errors?: Partial<Record<keyof Metrics, string>>;
  /** Awaited before every answer: inject a controlled promise or a sleep to make calls overlap. */
  delay?: (call: FakeMetricsCall) => Promise<void>;
}

export type FakeMetricsCall =
  | { method: 'series'; input: SeriesQuery }
  | { method: 'alerts'; clusters: readonly string[] }
  | { method: 'mark'; input: { title: string; text: string; clusters: readonly string[] } };

export interface FakeMetrics extends Metrics {
  /** The live spec: change it to change the world. */
  readonly spec: FakeMetricsSpec;
  /** Every call in order, so a test can count queries per tick. */
  readonly calls: FakeMetricsCall[];
  /** The `mark` inputs, in order. */
  readonly marks: { title: string; text: string; clusters: readonly string[] }[];
}

/**
 * An in-memory `Metrics` for tests and benchmarks. Like a real backend, `series` answers only the
 * clusters asked for, only points inside [from, to] (points are epoch seconds, the window is epoch
 * ms), and leaves out clusters that have no points; an unknown query has no series at all.
 */
export function createFakeMetrics(spec: FakeMetricsSpec = {}): FakeMetrics {
  const calls: FakeMetricsCall[] = [];
  const marks: FakeMetrics['marks'] = [];

  async function answer<T>(call: FakeMetricsCall, fn: () => T): Promise<T> {
    calls.push(call);
    await spec.delay?.(call);
    const error = spec.errors?.[call.method];
    if (error) throw new Error(error);
    return fn();
  }

  return {
    spec,
    calls,
    marks,
    series: (input) => answer({ method: 'series', input }, () => series(spec, input)),
    alerts: (clusters) =>
      answer(
        { method: 'alerts', clusters },
        () =>
          new Map(
            clusters.map((c) => [
              c,
              (spec.alerts?.[c] ?? []).map((a) => (typeof a === 'string' ? { name: a } : a)),
            ]),
          ),
      ),
    mark: (input) =>
      answer({ method: 'mark', input }, () => {
        marks.push(input);
      }),
    explorerUrl: ({ query, clusters, from, to }) =>
      `https://metrics.example/explore?${new URLSearchParams({ query, clusters: clusters.join(','), from: String(from), to: String(to) })}`,
  };
}

function series(spec: FakeMetricsSpec, input: SeriesQuery): Map<string, readonly Point[]> {
  const source = spec.series?.[input.query];
  const byCluster = typeof source === 'function' ? source(input) : (source ?? {});
  const out = new Map<string, readonly Point[]>();
  for (const cluster of input.clusters) {
    const points = (byCluster[cluster] ?? []).filter(([t]) => t * 1000 >= input.from && t * 1000 <= input.to);
    if (points.length > 0) out.set(cluster, points);
  }
  return out;
}
