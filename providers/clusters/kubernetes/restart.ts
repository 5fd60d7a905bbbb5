import {
  AppsV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { RESTARTED_AT } from '../../../src/ports/clusters.ts';
import { mapBounded } from '../../../src/util/map-bounded.ts';
import { parseWorkload, type WorkloadKind } from './workload-readiness.ts';

export interface RestartInput {
  namespace: string;
  names: readonly string[];
  /** Epoch milliseconds written as the restart time. */
  now: number;
  /** Skip workloads whose restartedAt is at or after this (epoch ms), so a rerun restarts nothing twice. */
  after?: number;
  concurrency: number;
}

/** What happened to each workload: restarted now, or left alone because it already was. */
export type RestartOutcome = { name: string; restarted: boolean };

async function readTemplate(apps: AppsV1Api, kind: WorkloadKind, name: string, namespace: string) {
  const read = {
    deployment: () => apps.readNamespacedDeployment({ name, namespace }),
    daemonset: () => apps.readNamespacedDaemonSet({ name, namespace }),
    statefulset: () => apps.readNamespacedStatefulSet({ name, namespace }),
  }[kind];
  const obj = await read();
  return obj.spec?.template as V1PodTemplateSpec | undefined;
}

async function patchRestartedAt(
  apps: AppsV1Api,
  kind: WorkloadKind,
  name: string,
  namespace: string,
  at: string,
) {
  // A merge patch touching only the one annotation, exactly what `kubectl rollout restart` sends.
  const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
  const opts = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  if (kind === 'deployment') await apps.patchNamespacedDeployment({ name, namespace, body }, opts);
  else if (kind === 'daemonset') await apps.patchNamespacedDaemonSet({ name, namespace, body }, opts);
  else await apps.patchNamespacedStatefulSet({ name, namespace, body }, opts);
}

/**
 * Rolling restart by the `restartedAt` pod-template annotation, `concurrency` workloads at a time.
 * Idempotent through the annotation itself: a workload whose restartedAt is already at or after
 * `after` was restarted by an earlier run (or by a human since), so it is left alone.
 */
export async function restartWorkloads(kc: KubeConfig, input: RestartInput): Promise<RestartOutcome[]> {
  const apps = kc.makeApiClient(AppsV1Api);
  // Milliseconds kept, so a marker taken in the same second still compares correctly.
  const at = new Date(input.now).toISOString();
  const one = async (ref: string): Promise<RestartOutcome> => {
    const { kind, name } = parseWorkload(ref);
    if (input.after !== undefined) {
      const template = await readTemplate(apps, kind, name, input.namespace);
      const previous = Date.parse(template?.metadata?.annotations?.[RESTARTED_AT] ?? '');
      if (previous >= input.after) return { name: ref, restarted: false };
    }
    await patchRestartedAt(apps, kind, name, input.namespace, at);
    return { name: ref, restarted: true };
  };
  return mapBounded(input.names, Math.max(1, input.concurrency), one);
}
