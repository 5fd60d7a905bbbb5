import type { v1 } from '@datadog/datadog-api-client';
import { datadogError } from './datadog-error.ts';

const PAGE_SIZE = 1000;
/** 20,000 monitors in Alert or Warn is far past any real account; stop rather than loop on a bad API. */
const MAX_PAGES = 20;
const FIRING = new Set(['Alert', 'Warn']);

/**
 * Monitors in Alert or Warn per cluster: a multi-alert monitor's group (`kube_cluster_name:a` or
 * `env:prod,kube_cluster_name:a`) in Alert/Warn counts for that cluster; a simple monitor in
 * Alert/Warn counts for the clusters its query scopes by tag. Every asked cluster gets an entry.
 */
export async function clusterAlerts(
  api: v1.MonitorsApi,
  clusterTag: string,
  clusters: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map(clusters.map((name): [string, string[]] => [name, []]));
  if (clusters.length === 0) return result;
  for (let page = 0; page < MAX_PAGES; page++) {
    const monitors = await api
      .listMonitors({ groupStates: 'alert,warn', page, pageSize: PAGE_SIZE })
      .catch((error: unknown) => {
        throw datadogError('Datadog refused to list monitors', error);
      });
    for (const monitor of monitors) addMonitor(monitor, clusterTag, result);
    if (monitors.length < PAGE_SIZE) break;
  }
  return result;
}

function addMonitor(monitor: v1.Monitor, clusterTag: string, result: Map<string, string[]>): void {
  const name = monitor.name ?? `monitor ${monitor.id}`;
  const groups = Object.values(monitor.state?.groups ?? {});
  for (const group of groups) {
    if (!FIRING.has(String(group.status))) continue;
    const cluster = (group.name ?? '')
      .split(',')
      .find((tag) => tag.startsWith(`${clusterTag}:`))
      ?.slice(clusterTag.length + 1);
    if (cluster !== undefined) result.get(cluster)?.push(`${name} (${group.status})`);
  }
  if (groups.length > 0 || !FIRING.has(String(monitor.overallState))) return;
  for (const [cluster, alerts] of result) {
    if (scopesCluster(monitor.query, clusterTag, cluster)) alerts.push(`${name} (${monitor.overallState})`);
  }
}

function scopesCluster(query: string, clusterTag: string, cluster: string): boolean {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${literal(clusterTag)}:${literal(cluster)}(?![\\w.:/-])`).test(query);
}
