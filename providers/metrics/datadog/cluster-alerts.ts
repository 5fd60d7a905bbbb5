import type { v1 } from '@datadog/datadog-api-client';
import type { FiringAlert } from '../../../src/ports/metrics.ts';
import { monitorUrl } from './app-links.ts';
import { datadogError } from './datadog-error.ts';

const PAGE_SIZE = 1000;
/** 20,000 monitors in Alert or Warn is far past any real account; stop rather than loop on a bad API. */
const MAX_PAGES = 20;
const FIRING = new Set(['Alert', 'Warn']);

/**
 * Monitors in Alert or Warn per cluster: a multi-alert monitor's group (`kube_cluster_name:a` or
 * `env:prod,kube_cluster_name:a`) in Alert/Warn counts for that cluster; a simple monitor in
 * Alert/Warn counts for the clusters its query scopes by tag. Every asked cluster gets an entry.
 * Since when: the group's `last_triggered_ts` (the start of the current alert; API reference,
 * Monitor › state.groups), unknown for a simple monitor (the API gives no time for its state); the link
 * is the monitor's page in the app (`appUrl`).
 */
export async function clusterAlerts(
  api: v1.MonitorsApi,
  clusterTag: string,
  clusters: readonly string[],
  appUrl?: string,
): Promise<Map<string, FiringAlert[]>> {
  const result = new Map(clusters.map((name): [string, FiringAlert[]] => [name, []]));
  if (clusters.length === 0) return result;
  for (let page = 0; page < MAX_PAGES; page++) {
    const monitors = await api
      .listMonitors({ groupStates: 'alert,warn', page, pageSize: PAGE_SIZE })
      .catch((error: unknown) => {
        throw datadogError('Datadog refused to list monitors', error);
      });
    for (const monitor of monitors) addMonitor(monitor, clusterTag, result, monitorUrl(appUrl, monitor.id));
    if (monitors.length < PAGE_SIZE) break;
  }
  return result;
}

function addMonitor(
  monitor: v1.Monitor,
  clusterTag: string,
  result: Map<string, FiringAlert[]>,
  url: string | undefined,
): void {
  const name = monitor.name ?? `monitor ${monitor.id}`;
  const alert = (state: unknown, since: number | undefined): FiringAlert => ({
    name: `${name} (${String(state)})`,
    ...(since ? { since } : {}),
    ...(url ? { url } : {}),
  });
  const groups = Object.values(monitor.state?.groups ?? {});
  for (const group of groups) {
    if (!FIRING.has(String(group.status))) continue;
    const cluster = (group.name ?? '')
      .split(',')
      .find((tag) => tag.startsWith(`${clusterTag}:`))
      ?.slice(clusterTag.length + 1);
    const since = group.lastTriggeredTs ? group.lastTriggeredTs * 1000 : undefined;
    if (cluster !== undefined) result.get(cluster)?.push(alert(group.status, since));
  }
  if (groups.length > 0 || !FIRING.has(String(monitor.overallState))) return;
  for (const [cluster, alerts] of result) {
    if (scopesCluster(monitor.query, clusterTag, cluster))
      alerts.push(alert(monitor.overallState, undefined));
  }
}

function scopesCluster(query: string, clusterTag: string, cluster: string): boolean {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${literal(clusterTag)}:${literal(cluster)}(?![\\w.:/-])`).test(query);
}
