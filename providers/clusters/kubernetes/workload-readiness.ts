import type {
  V1DaemonSet,
  V1Deployment,
  V1LabelSelector,
  V1Pod,
  V1StatefulSet,
} from '@kubernetes/client-node';

export const WORKLOAD_KINDS = ['deployment', 'daemonset', 'statefulset'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** `deployment/istiod` → kind and name; anything else is a configuration error. */
export function parseWorkload(ref: string): { kind: WorkloadKind; name: string } {
  const [kind, name, extra] = ref.split('/');
  if (!WORKLOAD_KINDS.includes(kind as WorkloadKind) || !name || extra !== undefined) {
    throw new Error(
      `workload ${JSON.stringify(ref)}: write deployment/<name>, daemonset/<name> or statefulset/<name>`,
    );
  }
  return { kind: kind as WorkloadKind, name };
}

type Readiness = { ready: boolean; reason?: string };

/** The controller has seen the latest spec; until then its counters describe an older one. */
function observed(meta: { generation?: number }, status: { observedGeneration?: number } | undefined) {
  return (status?.observedGeneration ?? 0) >= (meta.generation ?? 0);
}

/** Every replica on the current template and available, as `kubectl rollout status` judges it. */
export function deploymentReadiness(d: V1Deployment): Readiness {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  const stuck = s.conditions?.find(
    (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (stuck)
    return { ready: false, reason: `rollout stuck: ${stuck.message ?? 'progress deadline exceeded'}` };
  if (!observed(d.metadata ?? {}, s)) return { ready: false, reason: 'latest spec not yet observed' };
  if ((s.updatedReplicas ?? 0) < want)
    return { ready: false, reason: `${s.updatedReplicas ?? 0}/${want} replicas updated` };
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0))
    return { ready: false, reason: 'old replicas still terminating' };
  if ((s.availableReplicas ?? 0) < want)
    return { ready: false, reason: `${s.availableReplicas ?? 0}/${want} replicas available` };
  return { ready: true };
}

export function daemonSetReadiness(ds: V1DaemonSet): Readiness {
  const s = ds.status;
  const want = s?.desiredNumberScheduled ?? 0;
  if (!observed(ds.metadata ?? {}, s)) return { ready: false, reason: 'latest spec not yet observed' };
  if ((s?.updatedNumberScheduled ?? 0) < want)
    return { ready: false, reason: `${s?.updatedNumberScheduled ?? 0}/${want} pods updated` };
  if ((s?.numberAvailable ?? 0) < want)
    return { ready: false, reason: `${s?.numberAvailable ?? 0}/${want} pods available` };
  return { ready: true };
}

export function statefulSetReadiness(sts: V1StatefulSet): Readiness {
  const s = sts.status;
  const want = sts.spec?.replicas ?? 1;
  if (!observed(sts.metadata ?? {}, s)) return { ready: false, reason: 'latest spec not yet observed' };
  if ((s?.updatedReplicas ?? 0) < want)
    return { ready: false, reason: `${s?.updatedReplicas ?? 0}/${want} replicas updated` };
  if ((s?.readyReplicas ?? 0) < want)
    return { ready: false, reason: `${s?.readyReplicas ?? 0}/${want} replicas ready` };
  return { ready: true };
}

/** Container restarts summed over the pods, and the first container waiting in CrashLoopBackOff. */
export function podHealth(pods: readonly V1Pod[]): {
  restarts: number;
  crashLooping: boolean;
  reason?: string;
} {
  let restarts = 0;
  let reason: string | undefined;
  for (const pod of pods) {
    for (const c of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      restarts += c.restartCount ?? 0;
      if (!reason && c.state?.waiting?.reason === 'CrashLoopBackOff') {
        reason = `pod ${pod.metadata?.name} container ${c.name} in CrashLoopBackOff (${c.restartCount} restarts)`;
      }
    }
  }
  return reason ? { restarts, crashLooping: true, reason } : { restarts, crashLooping: false };
}

/** A label selector object as the `labelSelector` query string the API accepts. */
export function selectorString(sel: V1LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
