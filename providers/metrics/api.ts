import type { Metrics } from '../../src/ports/metrics.ts';
import type { PerBackend } from '../../src/ports/service-provider.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { createDatadogMetrics } from './datadog/index.ts';
import { createPrometheusMetrics } from './prometheus/index.ts';

/** The part of a pino-style logger the metrics sources use: fixed message, details in an object. */
export interface MetricsLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** What every metrics source is built from. */
export interface MetricsSettings {
  /** fleet.yaml `metrics.clusterTag`: the tag (Datadog) or label (Prometheus) naming a cluster. */
  clusterTag: string;
  /** DD_API_KEY, DD_APP_KEY, DD_SITE, DD_API_URL, PROMETHEUS_URL (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** HTTP transport (default the global `fetch`); tests count and intercept through it. */
  fetch?: typeof fetch;
  /** Epoch milliseconds (default `Date.now`). */
  clock?: () => number;
  /** The one retry policy's waits, jitter and hooks (default a timer; tests pass one that returns at once). */
  retry?: RetryDeps;
  logger?: MetricsLogger;
}

/** Builds a source from settings; throws a message naming the missing setting. */
export type MetricsFactory = (settings: MetricsSettings) => Metrics;

/**
 * Every metrics source, by the name fleet.yaml's `metrics.provider` uses. One folder each, one line
 * each here; a backend fleet.yaml accepts without a source here fails to compile.
 */
export const metricsSources: PerBackend<MetricsFactory> = {
  datadog: createDatadogMetrics,
  prometheus: createPrometheusMetrics,
};
