import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterEvent, EventQuery } from '../../../src/ports/clusters.ts';
import { getJson } from './raw-get.ts';
import { parseWorkload, type WorkloadKind } from './workload-readiness.ts';

const PAGE = 500;
/** Events read from one namespace at most: a namespace holds an hour of them (kube-apiserver --event-ttl). */
const MAX_READ = 5_000;
const DEFAULT_LIMIT = 50;
const MESSAGE_MAX = 1_024;

/** The fields of a core/v1 Event GUARD reads (Kubernetes API reference, "Event v1 core"). */
interface CoreEvent {
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  metadata?: { creationTimestamp?: string };
}

const KINDS: Record<WorkloadKind, string> = {
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
};

/**
 * Whether an event's object is one of the workloads or made by one: a Deployment's ReplicaSets are
 * `<name>-<template hash>` and their Pods `<name>-<hash>-<suffix>`, a DaemonSet's Pods
 * `<name>-<suffix>`, a StatefulSet's `<name>-<ordinal>` (the controllers' generateName and naming in
 * kubernetes/pkg/controller). Names are matched, not owner references, so events of Pods already
 * replaced (a crash-looping Pod deleted by a rollout) still count.
 */
export function madeBy(workloads: readonly string[]): (kind: string, name: string) => boolean {
  const rules = workloads.map((ref) => {
    const { kind, name } = parseWorkload(ref);
    const base = name.replace(/[.]/g, '\\.');
    const pods =
      kind === 'deployment'
        ? new RegExp(`^${base}-[a-z0-9]+-[a-z0-9]+$`)
        : new RegExp(`^${base}-${kind === 'statefulset' ? '\\d+' : '[a-z0-9]+'}$`);
    const replicaSets = kind === 'deployment' ? new RegExp(`^${base}-[a-z0-9]+$`) : undefined;
    return { kind: KINDS[kind], name, pods, replicaSets };
  });
  return (kind, name) =>
    rules.some(
      (r) =>
        (kind === r.kind && name === r.name) ||
        (kind === 'Pod' && r.pods.test(name)) ||
        (kind === 'ReplicaSet' && r.replicaSets?.test(name) === true),
    );
}

/** When an event was last seen: a series' last observation, else the newest of its timestamps. */
function lastSeen(e: CoreEvent): number {
  const stamp =
    e.series?.lastObservedTime ??
    e.lastTimestamp ??
    e.eventTime ??
    e.firstTimestamp ??
    e.metadata?.creationTimestamp;
  return stamp ? Date.parse(stamp) : Number.NaN;
}

/**
 * The namespace's core/v1 events about the query's workloads, newest first: read page by page as
 * raw JSON (at most 5,000), then filtered here, because a field selector matches names exactly and
 * Pod names are not known in advance.
 */
export async function recentEvents(kc: KubeConfig, query: EventQuery): Promise<ClusterEvent[]> {
  const belongs = madeBy(query.workloads);
  const since = query.since.getTime();
  const found: { ms: number; event: ClusterEvent }[] = [];
  const path = `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/events`;
  let next: string | undefined;
  let read = 0;
  do {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (next) params.set('continue', next);
    const page = await getJson<{ items?: CoreEvent[]; metadata?: { continue?: string } }>(
      kc,
      `${path}?${params}`,
    );
    for (const e of page.items ?? []) {
      read += 1;
      const kind = e.involvedObject?.kind ?? '';
      const name = e.involvedObject?.name ?? '';
      const ms = lastSeen(e);
      if (!belongs(kind, name) || !(ms >= since)) continue;
      found.push({ ms, event: toEvent(e, kind, name, ms) });
    }
    next = page.metadata?.continue || undefined;
  } while (next && read < MAX_READ);
  return found
    .sort((a, b) => b.ms - a.ms)
    .slice(0, query.limit ?? DEFAULT_LIMIT)
    .map((f) => f.event);
}

function toEvent(e: CoreEvent, kind: string, name: string, ms: number): ClusterEvent {
  return {
    at: new Date(ms).toISOString(),
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${kind}/${name}`,
    message: (e.message ?? '').slice(0, MESSAGE_MAX),
    count: Math.max(1, e.count ?? 0, e.series?.count ?? 0),
  };
}
