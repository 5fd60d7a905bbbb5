import type { FiringAlert } from '../../../src/ports/metrics.ts';
import { graphUrl } from './graph-links.ts';
import type { PrometheusApi } from './prometheus-api.ts';

interface AlertItem {
  labels?: Record<string, string>;
  state?: string;
  /** RFC 3339: when the alert became active (pending), prometheus.io/docs/prometheus/latest/querying/api/#alerts. */
  activeAt?: string;
}

/**
 * Alerts firing per cluster from `/api/v1/alerts` (pending ones are not yet alerts), named by
 * `alertname` with the `severity` label when there is one, since their `activeAt`, linked to the
 * graph of their `ALERTS` series for the cluster. Every asked cluster gets an entry.
 */
export async function firingAlerts(
  api: PrometheusApi,
  baseUrl: string,
  clusterTag: string,
  clusters: readonly string[],
  now: number,
): Promise<Map<string, FiringAlert[]>> {
  const found = new Map(clusters.map((name): [string, Map<string, FiringAlert>] => [name, new Map()]));
  if (clusters.length === 0) return new Map();
  const data = (await api('/api/v1/alerts', undefined, 'the alerts list')) as { alerts?: AlertItem[] };
  for (const alert of data.alerts ?? []) {
    const labels = alert.labels ?? {};
    const names = found.get(labels[clusterTag] ?? '');
    if (alert.state !== 'firing' || !names) continue;
    const severity = labels.severity ? ` (${labels.severity})` : '';
    const name = `${labels.alertname ?? 'unnamed alert'}${severity}`;
    const active = alert.activeAt ? Date.parse(alert.activeAt) : Number.NaN;
    const since = Number.isFinite(active) ? active : undefined;
    // Several series of one alert on a cluster (per pod, say): the earliest says when it began.
    const seen = names.get(name);
    if (seen?.since !== undefined && (since === undefined || seen.since <= since)) continue;
    const expr = `ALERTS{alertname=${JSON.stringify(labels.alertname ?? '')},${clusterTag}=${JSON.stringify(labels[clusterTag])}}`;
    names.set(name, {
      name,
      ...(since === undefined ? {} : { since }),
      url: graphUrl(baseUrl, expr, now - 3_600_000, now),
    });
  }
  return new Map(
    [...found].map(([cluster, alerts]) => [
      cluster,
      [...alerts.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    ]),
  );
}
