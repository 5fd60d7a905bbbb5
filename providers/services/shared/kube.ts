import type { KubeObject } from '../../../src/ports/clusters.ts';

/**
 * Small readers for the raw Kubernetes JSON that `Clusters.list` returns. Providers read only the
 * fields they need, defensively: a field that is missing or of another type reads as absent.
 */

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}

interface Container {
  name?: string;
  image?: string;
}

/** `status.conditions[type]`, if present. */
export function condition(obj: KubeObject, type: string): Condition | undefined {
  const list = obj.status?.conditions;
  return Array.isArray(list) ? (list as Condition[]).find((c) => c?.type === type) : undefined;
}

/** A number at `spec[key]` or `status[key]`, 0 when absent. */
export function num(part: Record<string, unknown> | undefined, key: string): number {
  const value = part?.[key];
  return typeof value === 'number' ? value : 0;
}

/** A pod is ready when its Ready condition is True; a finished Job pod counts as fine. */
export function podReady(pod: KubeObject): boolean {
  if (pod.status?.phase === 'Succeeded') return true;
  return condition(pod, 'Ready')?.status === 'True';
}

/** Why a pod is not ready, in a few words (a container's waiting reason, else the phase). */
export function podProblem(pod: KubeObject): string {
  const statuses = pod.status?.containerStatuses;
  if (Array.isArray(statuses)) {
    for (const s of statuses as { state?: { waiting?: { reason?: string } } }[]) {
      const reason = s?.state?.waiting?.reason;
      if (reason) return reason;
    }
  }
  return typeof pod.status?.phase === 'string' ? pod.status.phase : 'not ready';
}

/** Containers and init containers of a pod spec (native sidecars live among the init containers). */
export function containers(podSpec: Record<string, unknown> | undefined): Container[] {
  const list = (key: string) => (Array.isArray(podSpec?.[key]) ? (podSpec[key] as Container[]) : []);
  return [...list('containers'), ...list('initContainers')];
}

/** The pod template's spec of a Deployment, DaemonSet or StatefulSet. */
export function templateSpec(workload: KubeObject): Record<string, unknown> | undefined {
  const template = workload.spec?.template as { spec?: Record<string, unknown> } | undefined;
  return template?.spec;
}

/** The pod template's annotations of a workload. */
export function templateAnnotations(workload: KubeObject): Record<string, string> {
  const template = workload.spec?.template as { metadata?: { annotations?: Record<string, string> } };
  return template?.metadata?.annotations ?? {};
}

/** `ns/name` for messages. */
export function ref(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** Names joined for a one-line reason, cut after `max` with a count of the rest. */
export function listSome(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
