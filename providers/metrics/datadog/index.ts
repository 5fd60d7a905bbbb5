import { v1, v2 } from '@datadog/datadog-api-client';
import type { Metrics } from '../../../src/ports/metrics.ts';
import type { MetricsSettings } from '../api.ts';
import { datadogAppUrl, explorerUrl } from './app-links.ts';
import { clientConfiguration } from './client-configuration.ts';
import { clusterAlerts } from './cluster-alerts.ts';
import { type MarkerInput, postMarker } from './post-marker.ts';
import { querySeries } from './query-series.ts';
import { retryingHttp } from './retrying-http.ts';

/**
 * Datadog as the soak's metrics source: grouped metric queries (v2 timeseries), monitors in Alert/Warn, and events
 * as deployment markers. Keys come from `DD_API_KEY`/`DD_APP_KEY`, the site from `DD_SITE` or
 * `DD_API_URL`, all read from `settings.env` into this client's own configuration.
 */
export function createDatadogMetrics(settings: MetricsSettings): Metrics {
  const { clusterTag, env = process.env, clock = Date.now } = settings;
  const logger = settings.logger ?? { debug: () => {}, warn: () => {} };
  // Looked up per call so that a test server patching the global fetch later still sees requests.
  const fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const configuration = clientConfiguration(env, retryingHttp(fetch, settings.retry ?? {}, logger));
  const appUrl = datadogAppUrl(env);
  const metrics = new v2.MetricsApi(configuration);
  const monitors = new v1.MonitorsApi(configuration);
  const events = new v1.EventsApi(configuration);
  return {
    series: (input) => querySeries({ api: metrics, clusterTag, clock }, input),
    alerts: (clusters) => clusterAlerts(monitors, clusterTag, clusters, appUrl),
    mark: (input: MarkerInput) => postMarker(events, clusterTag, input, clock()),
    explorerUrl: (link) => explorerUrl(appUrl, clusterTag, link),
  };
}
