import type { Fleet, Service } from '../../config/fleet.ts';
import type { ServiceProvider, SoakMetric } from '../ports/service-provider.ts';

/** The cluster tag/label providers write their default queries with (fleet.yaml's default). */
export const PROVIDER_CLUSTER_TAG = 'kube_cluster_name';

const TAG = new RegExp(`\\b${PROVIDER_CLUSTER_TAG}\\b`, 'g');

/**
 * A service's soak metrics on the fleet's backend: the provider's defaults, with their cluster tag
 * renamed to the fleet's `clusterTag` (a fleet whose series carry `cluster` gets working defaults
 * too), then the service's own from fleet.yaml, which are written for the fleet already.
 */
export function soakMetricsOf(input: {
  fleet: Fleet;
  provider: ServiceProvider;
  service: Service;
}): SoakMetric[] {
  const backend = input.fleet.metrics?.provider;
  if (!backend) return [];
  const tag = input.fleet.metrics?.clusterTag ?? PROVIDER_CLUSTER_TAG;
  const rename = (text: string) => (tag === PROVIDER_CLUSTER_TAG ? text : text.replace(TAG, tag));
  const defaults = (input.provider.soakMetrics?.(input.service, backend) ?? []).map((metric) => ({
    ...metric,
    query: rename(metric.query),
    ...(metric.volumeQuery ? { volumeQuery: rename(metric.volumeQuery) } : {}),
  }));
  return [...defaults, ...(input.service.metrics ?? [])];
}
