import type { AppliedStatus, KubeObject } from '../../../src/ports/clusters.ts';

interface ApplicationStatus {
  sync?: { status?: string; revision?: string; revisions?: string[] };
  health?: { status?: string; message?: string };
  operationState?: {
    phase?: string;
    message?: string;
    syncResult?: { revision?: string; revisions?: string[] };
  };
}

/** Helm-chart sources sync to the chart version; multi-source apps list one revision per source. */
function revisions(s: ApplicationStatus): string[] {
  return [s.sync?.revision, ...(s.sync?.revisions ?? [])].filter((r): r is string => typeof r === 'string');
}

/**
 * DESIGN section 6 for an Argo CD Application: `Synced` at the target revision, `Healthy`, and the
 * last operation `Succeeded`. A `Failed` or `Error` operation is a failure; anything else (OutOfSync,
 * Progressing, Degraded, an operation still running) is pending until the rollout timeout decides.
 */
export function applicationApplied(app: KubeObject, version: string): AppliedStatus {
  const s = (app.status ?? {}) as ApplicationStatus;
  const phase = s.operationState?.phase;
  if (phase === 'Failed' || phase === 'Error') {
    return {
      state: 'failed',
      reason: `sync operation ${phase}: ${(s.operationState?.message ?? 'no message').slice(0, 300)}`,
    };
  }
  const synced = s.sync?.status;
  if (synced !== 'Synced') return { state: 'pending', reason: `sync status ${synced ?? 'unknown'}` };
  const at = revisions(s);
  if (!at.includes(version))
    return {
      state: 'pending',
      reason: `synced at ${at.join(', ') || 'unknown revision'}, waiting for ${version}`,
    };
  const health = s.health?.status;
  if (health !== 'Healthy') {
    return {
      state: 'pending',
      reason: `health ${health ?? 'unknown'}${s.health?.message ? `: ${s.health.message.slice(0, 200)}` : ''}`,
    };
  }
  if (phase !== 'Succeeded')
    return { state: 'pending', reason: `last operation ${phase ?? 'none recorded'}` };
  return { state: 'applied' };
}
