import type { PrometheusApi } from './prometheus-api.ts';

interface AlertItem {
  labels?: Record<string, string>;
  state?: string;
}

/**
 * Alerts firing per cluster from `/api/v1/alerts` (pending ones are not yet alerts), named by
 * `alertname` with the `severity` label when there is one. Every asked cluster gets an entry.
 */
export async function firingAlerts(
  api: PrometheusApi,
  clusterTag: string,
  clusters: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map(clusters.map((name): [string, Set<string>] => [name, new Set()]));
  if (clusters.length === 0) return new Map();
  const data = (await api('/api/v1/alerts', undefined, 'the alerts list')) as { alerts?: AlertItem[] };
  for (const alert of data.alerts ?? []) {
    const labels = alert.labels ?? {};
    const names = found.get(labels[clusterTag] ?? '');
    if (alert.state !== 'firing' || !names) continue;
    const severity = labels.severity ? ` (${labels.severity})` : '';
    names.add(`${labels.alertname ?? 'unnamed alert'}${severity}`);
  }
  return new Map([...found].map(([name, alerts]) => [name, [...alerts].sort()]));
}
