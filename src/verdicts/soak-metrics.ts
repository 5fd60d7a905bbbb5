import type { Fleet, Service } from '../../config/fleet.ts';
import type { ServiceProvider, SoakMetric } from '../ports/service-provider.ts';

/** The cluster tag/label providers write their default queries with (fleet.yaml's default). */
export const PROVIDER_CLUSTER_TAG = 'kube_cluster_name';

const TAG = new RegExp(`\\b${PROVIDER_CLUSTER_TAG}\\b`, 'g');

/**
 * A service's soak metrics on the fleet's backend: the provider's defaults, with their cluster tag
 * renamed to the fleet's `clusterTag` (a fleet whose series carry `cluster` gets working defaults
 * too), then the service's own from fleet.yaml, which are written for the fleet already. A fleet
 * entry named like a default adjusts it (thresholds, limits) when it has no query, and replaces it
 * when it has one; names stay unique, as the stored baselines are keyed by them.
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
  const metrics = (input.provider.soakMetrics?.(input.service, backend) ?? []).map(
    (metric): SoakMetric => ({
      ...metric,
      query: rename(metric.query),
      ...(metric.volumeQuery ? { volumeQuery: rename(metric.volumeQuery) } : {}),
    }),
  );
  for (const own of input.service.metrics ?? []) {
    const at = metrics.findIndex((m) => m.name === own.name);
    if (own.kind !== undefined && own.query !== undefined) {
      const full = { ...own, kind: own.kind, query: own.query };
      if (at >= 0) metrics[at] = full;
      else metrics.push(full);
    } else if (at >= 0) {
      metrics[at] = { ...metrics[at]!, ...own, kind: metrics[at]!.kind, query: metrics[at]!.query };
    }
  }
  return metrics;
}

/**
 * fleet.yaml `metrics:` entries without a query that name no default metric of the service's
 * provider, as problems at `metrics.<i>.name` (for `guard validate`).
 */
export function metricOverrideProblems(
  service: Service,
  provider: ServiceProvider,
): { path: (string | number)[]; message: string }[] {
  // Called on fleet.yaml as read, before the schema passed: anything may be anywhere.
  const entries: unknown[] = Array.isArray(service.metrics) ? service.metrics : [];
  const adjustments = entries.flatMap((m, i) => (isAdjustment(m) ? [{ name: m.name, i }] : []));
  if (adjustments.length === 0) return [];
  let names: Set<string>;
  try {
    names = new Set(
      (['prometheus', 'datadog'] as const).flatMap((b) =>
        (provider.soakMetrics?.(service, b) ?? []).map((m) => m.name),
      ),
    );
  } catch {
    return []; // the service entry itself is broken; the schema says where
  }
  const known = names.size ? [...names].join(', ') : 'it has none';
  return adjustments
    .filter(({ name }) => !names.has(name))
    .map(({ name, i }) => ({
      path: ['metrics', i, 'name'],
      message: `'${name}' is no default soak metric of provider ${provider.id} (${known}); give it a kind and a query to add it`,
    }));
}

function isAdjustment(m: unknown): m is { name: string } {
  if (typeof m !== 'object' || m === null) return false;
  const entry = m as Record<string, unknown>;
  return typeof entry.name === 'string' && entry.query === undefined && entry.kind === undefined;
}
