import type { Metrics } from '../../../src/ports/metrics.ts';
import type { MetricsSettings } from '../api.ts';
import { firingAlerts } from './firing-alerts.ts';
import { explorerUrl } from './graph-links.ts';
import { createPrometheusApi } from './prometheus-api.ts';
import { queryRange } from './query-range.ts';

/** `PROMETHEUS_URL`, checked: the base of the HTTP API, a path prefix allowed. */
export function prometheusUrl(value: string | undefined): string {
  const url = value && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new Error(
      `metrics.provider prometheus needs PROMETHEUS_URL as an http(s) URL (got ${JSON.stringify(value ?? '')}), e.g. http://prometheus.monitoring:9090`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Prometheus as the soak's metrics source, over its HTTP API with plain `fetch`. `mark` does
 * nothing: Prometheus has no API to write an event, and a marker is a convenience, not evidence.
 */
export function createPrometheusMetrics(settings: MetricsSettings): Metrics {
  const { clusterTag, env = process.env, clock = Date.now } = settings;
  const baseUrl = prometheusUrl(env.PROMETHEUS_URL);
  const api = createPrometheusApi({
    baseUrl,
    // Looked up per call so that a test server patching the global fetch later still sees requests.
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    ...(settings.retry && { retry: settings.retry }),
  });
  return {
    series: (input) => queryRange(api, clusterTag, clock(), input),
    alerts: (clusters) => firingAlerts(api, baseUrl, clusterTag, clusters, clock()),
    mark: async () => {},
    explorerUrl: (link) => explorerUrl(baseUrl, clusterTag, link),
  };
}
