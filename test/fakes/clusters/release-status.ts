import type { AppliedStatus, KubeObject } from '../../../src/ports/clusters.ts';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

const told = (c: Condition) => [c.reason, c.message].filter(Boolean).join(': ') || `${c.type}=${c.status}`;

/**
 * A Flux HelmRelease judged by DESIGN section 6: nothing counts before the controller observed the
 * current generation; Stalled, or a remediation (Remediated, or a Ready reason of a rollback or
 * uninstall), is a failure; done is Ready=True with the newest release (`status.history[0]`, newest
 * first in v2; `lastAppliedRevision` in v2beta1/v2beta2) at the target chart version, build metadata
 * (`+<digest>` of OCI charts) ignored. Field names: Flux's HelmRelease API reference.
 */
export function helmReleaseStatus(hr: KubeObject, target: string): AppliedStatus {
  const s = (hr.status ?? {}) as {
    observedGeneration?: number;
    conditions?: Condition[];
    history?: { chartVersion?: string }[];
    lastAppliedRevision?: string;
  };
  const generation = hr.metadata.generation ?? 0;
  if ((s.observedGeneration ?? -1) < generation)
    return { state: 'pending', reason: `generation ${generation} not yet reconciled` };
  const condition = (type: string) => s.conditions?.find((c) => c.type === type);
  const stalled = condition('Stalled');
  if (stalled?.status === 'True') return { state: 'failed', reason: `Stalled: ${told(stalled)}` };
  const remediated = condition('Remediated');
  if (remediated?.status === 'True') return { state: 'failed', reason: `remediated: ${told(remediated)}` };
  const ready = condition('Ready');
  if (ready && /Rollback|Uninstall/.test(ready.reason ?? ''))
    return { state: 'failed', reason: `remediated: ${told(ready)}` };
  if (ready?.status !== 'True')
    return { state: 'pending', reason: `not Ready: ${ready ? told(ready) : 'no Ready condition'}` };
  const released = (s.history?.[0]?.chartVersion ?? s.lastAppliedRevision)?.split('+')[0];
  if (released !== target)
    return { state: 'pending', reason: `released chart ${released ?? 'unknown'}, waiting for ${target}` };
  return { state: 'applied' };
}

/**
 * An Argo CD Application judged by DESIGN section 6: done is Synced at the target revision
 * (`status.sync.revision`, or one of `status.sync.revisions` for multi-source apps), Healthy, and
 * the last operation Succeeded; a Failed or Error operation is a failure; anything else is pending.
 * Field names: Argo CD's Application CRD (argoproj.io/v1alpha1).
 */
export function applicationStatus(app: KubeObject, target: string): AppliedStatus {
  const s = (app.status ?? {}) as {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string };
  };
  const phase = s.operationState?.phase;
  if (phase === 'Failed' || phase === 'Error')
    return {
      state: 'failed',
      reason: `sync operation ${phase}: ${s.operationState?.message ?? 'no message'}`,
    };
  if (s.sync?.status !== 'Synced')
    return { state: 'pending', reason: `sync status ${s.sync?.status ?? 'unknown'}` };
  const revisions = [s.sync.revision, ...(s.sync.revisions ?? [])];
  if (!revisions.includes(target))
    return { state: 'pending', reason: `synced at another revision than ${target}` };
  if (s.health?.status !== 'Healthy')
    return { state: 'pending', reason: `health ${s.health?.status ?? 'unknown'}` };
  if (phase !== 'Succeeded')
    return { state: 'pending', reason: `last operation ${phase ?? 'none recorded'}` };
  return { state: 'applied' };
}
