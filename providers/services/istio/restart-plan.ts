import { type KubeObject, RESTARTED_AT } from '../../../src/ports/clusters.ts';
import { num, templateAnnotations } from '../shared/kube.ts';

const WORKLOAD_KIND: Record<string, string> = {
  Deployment: 'deployment',
  DaemonSet: 'daemonset',
  StatefulSet: 'statefulset',
};

/**
 * The workload (`deployment/x` …) that owns a pod, through its ReplicaSet for Deployments (the
 * ReplicaSet's name is the Deployment's plus `-<pod-template-hash>`); undefined for bare or Job pods.
 */
export function ownerWorkload(pod: KubeObject): string | undefined {
  const owners =
    (pod.metadata as { ownerReferences?: { kind?: string; name?: string }[] }).ownerReferences ?? [];
  const owner = owners.find((o) => o.kind && o.name);
  if (!owner) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    const name =
      hash && owner.name!.endsWith(`-${hash}`) ? owner.name!.slice(0, -hash.length - 1) : undefined;
    return name ? `deployment/${name}` : undefined;
  }
  const kind = WORKLOAD_KIND[owner.kind!];
  return kind ? `${kind}/${owner.name}` : undefined;
}

/** `deployment/x` for a listed workload object. */
export function workloadRef(obj: KubeObject): string {
  return `${WORKLOAD_KIND[obj.kind ?? ''] ?? 'deployment'}/${obj.metadata.name}`;
}

/** When the workload's pod template was last restarted, in epoch ms (undefined when never). */
export function restartedAt(workload: KubeObject): number | undefined {
  const value = templateAnnotations(workload)[RESTARTED_AT];
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** Every pod of the workload runs the current template: nothing is left to roll. */
export function rolledOut(w: KubeObject): boolean {
  const observed = num(w.status, 'observedGeneration') >= (w.metadata.generation ?? 0);
  if (w.kind === 'DaemonSet') {
    const desired = num(w.status, 'desiredNumberScheduled');
    return (
      observed &&
      num(w.status, 'updatedNumberScheduled') >= desired &&
      num(w.status, 'numberAvailable') >= desired
    );
  }
  const want = typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;
  const total = num(w.status, 'replicas');
  return observed && num(w.status, 'updatedReplicas') >= want && total <= want;
}
