import { AppsV1Api, CoreV1Api, type KubeConfig, type V1LabelSelector } from '@kubernetes/client-node';
import type { WorkloadStatus } from '../../../src/ports/clusters.ts';
import { statusOf } from './failure-reason.ts';
import {
  daemonSetReadiness,
  deploymentReadiness,
  parseWorkload,
  podHealth,
  selectorString,
  statefulSetReadiness,
  type WorkloadKind,
} from './workload-readiness.ts';

type Readiness = { ready: boolean; reason?: string };

/** Reads one kind of workload: its readiness and the selector of its pods. */
async function readWorkload(
  apps: AppsV1Api,
  kind: WorkloadKind,
  name: string,
  namespace: string,
): Promise<Readiness & { selector?: V1LabelSelector }> {
  if (kind === 'deployment') {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    return { ...deploymentReadiness(d), selector: d.spec?.selector };
  }
  if (kind === 'daemonset') {
    const ds = await apps.readNamespacedDaemonSet({ name, namespace });
    return { ...daemonSetReadiness(ds), selector: ds.spec?.selector };
  }
  const sts = await apps.readNamespacedStatefulSet({ name, namespace });
  return { ...statefulSetReadiness(sts), selector: sts.spec?.selector };
}

/**
 * Readiness from the workload's status fields, and restarts and CrashLoopBackOff from the pods its
 * selector matches. A missing workload is reported not ready rather than thrown, so one typo does
 * not hide the state of the others.
 */
export async function workloadStatuses(
  kc: KubeConfig,
  namespace: string,
  refs: readonly string[],
): Promise<WorkloadStatus[]> {
  const apps = kc.makeApiClient(AppsV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  return Promise.all(
    refs.map(async (ref): Promise<WorkloadStatus> => {
      const { kind, name } = parseWorkload(ref);
      let w: Awaited<ReturnType<typeof readWorkload>>;
      try {
        w = await readWorkload(apps, kind, name, namespace);
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
        return {
          name: ref,
          ready: false,
          restarts: 0,
          crashLooping: false,
          reason: `${ref} not found in ${namespace}`,
        };
      }
      const labelSelector = selectorString(w.selector);
      // An empty selector would match every pod in the namespace; a workload always has one.
      const pods = labelSelector ? (await core.listNamespacedPod({ namespace, labelSelector })).items : [];
      const health = podHealth(pods);
      const reason = [w.reason, health.reason].filter(Boolean).join('; ');
      return {
        name: ref,
        ready: w.ready,
        restarts: health.restarts,
        crashLooping: health.crashLooping,
        ...(reason ? { reason } : {}),
      };
    }),
  );
}
