import type { KubeObject, WorkloadStatus } from '../../../src/ports/clusters.ts';
import { matchesSelector } from './label-selector.ts';

export const WORKLOAD_KINDS: Record<string, string> = {
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
};

/** `deployment/web` → the Kubernetes kind and name; anything else is a caller's mistake. */
export function parseRef(ref: string): { kind: string; name: string } {
  const [kind = '', name, extra] = ref.split('/');
  const kubeKind = WORKLOAD_KINDS[kind];
  if (!kubeKind || !name || extra !== undefined) {
    throw new Error(
      `workload ${JSON.stringify(ref)}: write deployment/<name>, daemonset/<name> or statefulset/<name>`,
    );
  }
  return { kind: kubeKind, name };
}

type Status = Record<string, number | undefined> & { conditions?: { type?: string; reason?: string }[] };
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Whether the controller finished rolling out the current spec, as `kubectl rollout status` decides
 * (kubectl's rollout_status.go): the generation observed, every replica updated, none old left,
 * enough available; a Deployment past its progress deadline is stuck.
 */
function rollout(o: KubeObject): string | undefined {
  const s = (o.status ?? {}) as Status;
  const spec = (o.spec ?? {}) as { replicas?: number };
  if (o.kind === 'Deployment' && s.conditions?.some((c) => c.reason === 'ProgressDeadlineExceeded'))
    return 'rollout stuck: progress deadline exceeded';
  if (n(s.observedGeneration) < (o.metadata.generation ?? 0)) return 'latest spec not yet observed';
  if (o.kind === 'DaemonSet') {
    const want = n(s.desiredNumberScheduled);
    if (n(s.updatedNumberScheduled) < want) return `${n(s.updatedNumberScheduled)}/${want} pods updated`;
    if (n(s.numberAvailable) < want) return `${n(s.numberAvailable)}/${want} pods available`;
    return undefined;
  }
  const want = spec.replicas ?? 1;
  if (n(s.updatedReplicas) < want) return `${n(s.updatedReplicas)}/${want} replicas updated`;
  if (o.kind === 'Deployment' && n(s.replicas) > n(s.updatedReplicas))
    return 'old replicas still terminating';
  const ready = o.kind === 'StatefulSet' ? n(s.readyReplicas) : n(s.availableReplicas);
  if (ready < want) return `${ready}/${want} replicas ${o.kind === 'StatefulSet' ? 'ready' : 'available'}`;
  return undefined;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A LabelSelector object as selector text (`a=b,c in (x,y),!d`). */
function selectorText(sel: LabelSelector | undefined): string {
  const terms = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    terms.push(
      { In: `${e.key} in (${values})`, NotIn: `${e.key} notin (${values})`, Exists: e.key }[e.operator] ??
        `!${e.key}`,
    );
  }
  return terms.join(',');
}

interface ContainerStatus {
  name?: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string } };
}

/** A workload's status read from the cluster's objects: its own status and the pods it selects. */
export function workloadFromObjects(
  objects: readonly KubeObject[],
  namespace: string,
  ref: string,
): WorkloadStatus {
  const { kind, name } = parseRef(ref);
  const w = objects.find(
    (o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name,
  );
  if (!w)
    return {
      name: ref,
      ready: false,
      restarts: 0,
      crashLooping: false,
      reason: `${ref} not found in ${namespace}`,
    };
  const selector = selectorText((w.spec as { selector?: LabelSelector } | undefined)?.selector);
  // A workload always has a selector; an empty one would match every pod in the namespace.
  const pods = selector
    ? objects.filter(
        (o) =>
          o.kind === 'Pod' &&
          o.metadata.namespace === namespace &&
          matchesSelector(selector, o.metadata.labels ?? {}),
      )
    : [];
  let restarts = 0;
  let crash: string | undefined;
  for (const pod of pods) {
    const status = (pod.status ?? {}) as {
      containerStatuses?: ContainerStatus[];
      initContainerStatuses?: ContainerStatus[];
    };
    for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])]) {
      restarts += c.restartCount ?? 0;
      if (!crash && c.state?.waiting?.reason === 'CrashLoopBackOff')
        crash = `pod ${pod.metadata.name} container ${c.name} in CrashLoopBackOff`;
    }
  }
  const notReady = rollout(w);
  const reason = [notReady, crash].filter(Boolean).join('; ');
  return {
    name: ref,
    ready: notReady === undefined,
    restarts,
    crashLooping: crash !== undefined,
    ...(reason ? { reason } : {}),
  };
}
