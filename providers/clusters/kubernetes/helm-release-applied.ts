import type { AppliedStatus, KubeObject } from '../../../src/ports/clusters.ts';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

interface HelmReleaseStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  /** v2 (and v2beta2): newest release first. */
  history?: { chartVersion?: string; status?: string }[];
  /** v2beta1 / v2beta2: the chart version of the last successful release. */
  lastAppliedRevision?: string;
}

export function condition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

function said(c: Condition): string {
  return [c.reason, c.message].filter(Boolean).join(': ').slice(0, 300) || `${c.type}=${c.status}`;
}

/** Chart versions may carry `+<digest>` build metadata for OCI charts; the target never does. */
export function chartVersionOf(status: HelmReleaseStatus): string | undefined {
  const version = status.history?.[0]?.chartVersion ?? status.lastAppliedRevision;
  return version?.split('+')[0];
}

/**
 * DESIGN section 6 for a Flux HelmRelease (v2 and v2beta*). Until the controller has observed the
 * current generation every other field describes the previous spec, so that comes first; then
 * Stalled or a remediation (rollback/uninstall) is a failure; then Ready and the released version.
 */
export function helmReleaseApplied(hr: KubeObject, version: string): AppliedStatus {
  const status = (hr.status ?? {}) as HelmReleaseStatus;
  const generation = hr.metadata.generation ?? 0;
  if ((status.observedGeneration ?? -1) < generation) {
    return {
      state: 'pending',
      reason: `generation ${generation} not yet reconciled (observed ${status.observedGeneration ?? 'none'})`,
    };
  }
  const stalled = condition(status.conditions, 'Stalled');
  if (stalled?.status === 'True') return { state: 'failed', reason: `Stalled: ${said(stalled)}` };
  const remediated = condition(status.conditions, 'Remediated');
  if (remediated?.status === 'True') return { state: 'failed', reason: `remediated: ${said(remediated)}` };
  const ready = condition(status.conditions, 'Ready');
  if (/Rollback|Uninstall/.test(ready?.reason ?? ''))
    return { state: 'failed', reason: `remediated: ${said(ready!)}` };
  if (ready?.status !== 'True')
    return { state: 'pending', reason: `not Ready: ${ready ? said(ready) : 'no Ready condition'}` };
  const applied = chartVersionOf(status);
  if (applied !== version)
    return { state: 'pending', reason: `released chart ${applied ?? 'unknown'}, waiting for ${version}` };
  return { state: 'applied' };
}
