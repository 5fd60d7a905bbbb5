/**
 * Soak metrics for a wave: one query per metric per tick for all of the wave's clusters, grouped by
 * the fleet's `clusterTag`, and the alerts firing per cluster. Adapters in providers/metrics/
 * (Datadog, Prometheus) pass one contract suite.
 */
export interface Metrics {
  /** Series per cluster for `query` (with `$clusters` filled in), between `from` and `to`. */
  series(input: SeriesQuery): Promise<Map<string, readonly Point[]>>;
  /**
   * Alerts firing per asked cluster (Datadog monitors in Alert or Warn, Prometheus alerts firing,
   * named by the fleet's `clusterTag`); every asked cluster gets an entry, empty where none fires.
   */
  alerts(clusters: readonly string[]): Promise<Map<string, readonly FiringAlert[]>>;
  /** A deployment marker (Datadog event) at a wave merge or rollback; a no-op where unsupported. */
  mark(input: Marker): Promise<void>;
  /**
   * A link to `query` narrowed to `clusters` over [from, to] in the backend's own UI (Datadog's
   * metric explorer, Prometheus's graph page), for evidence people can act on; undefined where
   * the backend has no UI GUARD knows the address of.
   */
  explorerUrl(input: ExplorerLink): string | undefined;
}

/** An alert firing for a cluster. */
export interface FiringAlert {
  /** The monitor's or alert's name, with its state or severity, e.g. `HighErrorRate (critical)`. */
  name: string;
  /** Epoch milliseconds it started firing, where the backend says. */
  since?: number;
  /** The monitor or alert in the backend's UI. */
  url?: string;
}

/** A deployment marker: what happened, to which clusters, for overlaying on the soak's graphs. */
export interface Marker {
  title: string;
  text: string;
  /** Tagged with the fleet's `clusterTag`, one tag per cluster. */
  clusters: readonly string[];
  service?: string;
  version?: string;
  /** The wave's batch (`dev`, `prod`). */
  wave?: string;
  /** What GUARD saw happen (`wave.merged`, `wave.failed`, …). */
  event?: string;
  /** How a dashboard shows it (default `info`). */
  severity?: 'info' | 'success' | 'warning' | 'error';
  /** Groups one rollout's markers together. */
  group?: string;
  /** Epoch milliseconds of the transition (default: when the marker is posted). */
  at?: number;
}

export interface SeriesQuery {
  query: string;
  clusters: readonly string[];
  /** Epoch milliseconds. */
  from: number;
  to: number;
  stepMs: number;
}

export interface ExplorerLink {
  /** As configured, with `$clusters`. */
  query: string;
  clusters: readonly string[];
  /** Epoch milliseconds. */
  from: number;
  to: number;
}

/** [epoch seconds, value]. */
export type Point = readonly [number, number];
