import type { ClusterEvent, EventQuery, KubeObject } from '../../../src/ports/clusters.ts';
import { parseRef } from './workload-status.ts';

/** A core/v1 Event as the API server stores it (Kubernetes API reference, "Event v1 core"). */
export interface StoredEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
}

/**
 * The objects a workload makes, by the names its controller gives them: a Deployment's ReplicaSets
 * (`<name>-<hash>`) and Pods (`<name>-<hash>-<suffix>`), a DaemonSet's Pods (`<name>-<suffix>`), a
 * StatefulSet's Pods (`<name>-<ordinal>`).
 */
function owns(ref: string, kind: string, name: string): boolean {
  const workload = parseRef(ref);
  if (kind === workload.kind) return name === workload.name;
  if (!name.startsWith(`${workload.name}-`)) return false;
  const parts = name.slice(workload.name.length + 1).split('-');
  const word = (s: string | undefined) => s !== undefined && /^[a-z0-9]+$/.test(s);
  if (workload.kind === 'Deployment') {
    if (kind === 'ReplicaSet') return parts.length === 1 && word(parts[0]);
    return kind === 'Pod' && parts.length === 2 && parts.every(word);
  }
  if (kind !== 'Pod' || parts.length !== 1) return false;
  return workload.kind === 'StatefulSet' ? /^\d+$/.test(parts[0]!) : word(parts[0]);
}

/** The events the cluster stores about the query's workloads, newest first, as the adapter reads them. */
export function storedEvents(objects: readonly KubeObject[], q: EventQuery): ClusterEvent[] {
  for (const ref of q.workloads) parseRef(ref);
  const seen = (e: StoredEvent) =>
    Date.parse(
      e.series?.lastObservedTime ??
        e.lastTimestamp ??
        e.eventTime ??
        e.firstTimestamp ??
        (e.metadata as { creationTimestamp?: string }).creationTimestamp ??
        '',
    );
  return (objects as StoredEvent[])
    .filter((o) => o.kind === 'Event' && (o.apiVersion ?? 'v1') === 'v1')
    .filter((e) => e.metadata.namespace === q.namespace)
    .filter((e) => {
      const { kind = '', name = '' } = e.involvedObject ?? {};
      return q.workloads.some((ref) => owns(ref, kind, name));
    })
    .filter((e) => seen(e) >= q.since.getTime())
    .sort((a, b) => seen(b) - seen(a))
    .slice(0, q.limit ?? 50)
    .map((e) => ({
      at: new Date(seen(e)).toISOString(),
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      object: `${e.involvedObject?.kind}/${e.involvedObject?.name}`,
      message: (e.message ?? '').slice(0, 1_024),
      count: Math.max(1, e.count ?? 0, e.series?.count ?? 0),
    }));
}
