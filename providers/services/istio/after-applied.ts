import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { listSome } from '../shared/kube.ts';
import { istiodAt, sameVersion } from './istiod.ts';
import { injectedNamespaces, sidecarPods } from './proxy-versions.ts';
import { ownerWorkload, restartedAt, rolledOut, workloadRef } from './restart-plan.ts';

export type AfterAppliedResult = { state: 'done' | 'pending' | 'failed'; reason: string };

/** Workloads restarted per reconcile pass at most, so a large cluster rolls gradually. */
export const MAX_RESTARTS_PER_PASS = 10;

type Verdict = 'restart' | 'rolling' | 'stuck';

/**
 * After the control plane: once istiod is ready at the target, restart the workloads whose
 * sidecars run another version (injected namespaces only), a bounded number per pass, then report
 * done when every sidecar matches. Idempotent: a workload restarted after the target istiod came
 * up is never restarted again; it is either still rolling (pending) or rolled out with the old
 * proxy, which no restart will fix (failed, naming it).
 */
export async function istioAfterApplied(
  ctx: ProviderContext,
  maxPerPass = MAX_RESTARTS_PER_PASS,
): Promise<AfterAppliedResult> {
  const istiod = await istiodAt(ctx, ctx.to);
  if (!istiod.ready) return { state: 'pending', reason: `waiting for istiod ${ctx.to}: ${istiod.reason}` };

  const namespaces = await injectedNamespaces(ctx);
  const pods = await sidecarPods(ctx, namespaces);
  const stale = pods.filter(({ version }) => version !== undefined && !sameVersion(version, ctx.to));
  if (stale.length === 0) {
    return {
      state: 'done',
      reason: `all ${pods.length} sidecars in ${namespaces.length} namespaces run ${ctx.to}`,
    };
  }

  const owners = staleOwners(stale.map((s) => s.pod));
  const verdicts = await judgeOwners(ctx, owners.byNamespace, istiod.since, owners.unmanaged);
  const toRestart = verdicts.filter((v) => v.verdict === 'restart').slice(0, maxPerPass);
  for (const [namespace, refs] of groupBy(toRestart))
    await ctx.clusters.restart(ctx.cluster.name, namespace, refs);

  return summarise(ctx.to, verdicts, toRestart.length, owners.unmanaged);
}

function staleOwners(pods: readonly KubeObject[]) {
  const byNamespace = new Map<string, Set<string>>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const owner = ownerWorkload(pod);
    const ns = pod.metadata.namespace ?? 'default';
    if (!owner) unmanaged.push(`${ns}/${pod.metadata.name}`);
    else byNamespace.set(ns, (byNamespace.get(ns) ?? new Set()).add(owner));
  }
  return { byNamespace, unmanaged };
}

/** Owners that cannot be found (a ReplicaSet left without its Deployment) join `unmanaged`. */
async function judgeOwners(
  ctx: ProviderContext,
  owners: Map<string, Set<string>>,
  istiodSince: number,
  unmanaged: string[],
) {
  const verdicts: { namespace: string; ref: string; verdict: Verdict }[] = [];
  for (const [namespace, refs] of owners) {
    const workloads = await listWorkloads(ctx, namespace);
    for (const ref of [...refs].sort()) {
      const w = workloads.get(ref);
      if (!w) {
        unmanaged.push(`${namespace}/${ref}`);
        continue;
      }
      const restarted = (restartedAt(w) ?? 0) >= istiodSince;
      const verdict: Verdict = !restarted ? 'restart' : rolledOut(w) ? 'stuck' : 'rolling';
      verdicts.push({ namespace, ref, verdict });
    }
  }
  return verdicts;
}

async function listWorkloads(ctx: ProviderContext, namespace: string): Promise<Map<string, KubeObject>> {
  const kinds = ['Deployment', 'DaemonSet', 'StatefulSet'];
  const lists = await Promise.all(
    kinds.map((kind) => ctx.clusters.list(ctx.cluster.name, { apiVersion: 'apps/v1', kind, namespace })),
  );
  const objects = lists.flatMap((list, i) => list.map((o) => ({ ...o, kind: o.kind ?? kinds[i] })));
  return new Map(objects.map((o) => [workloadRef(o), o]));
}

function groupBy(items: readonly { namespace: string; ref: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { namespace, ref } of items) groups.set(namespace, [...(groups.get(namespace) ?? []), ref]);
  return groups;
}

function summarise(
  to: string,
  verdicts: readonly { namespace: string; ref: string; verdict: Verdict }[],
  restartedNow: number,
  unmanaged: readonly string[],
): AfterAppliedResult {
  const names = (v: Verdict) => verdicts.filter((x) => x.verdict === v).map((x) => `${x.namespace}/${x.ref}`);
  const [waiting, rolling, stuck] = [
    names('restart').length - restartedNow,
    names('rolling'),
    names('stuck'),
  ];
  if (restartedNow === 0 && rolling.length === 0 && stuck.length > 0) {
    return {
      state: 'failed',
      reason: `restarted after istiod ${to} was ready but sidecars are still on another version: ${listSome(stuck)}; check the namespaces' istio.io/rev labels`,
    };
  }
  if (restartedNow === 0 && rolling.length === 0 && waiting === 0) {
    return {
      state: 'done',
      reason: `sidecars run ${to} except pods no workload owns: ${listSome(unmanaged)} (restart them by hand)`,
    };
  }
  const parts = [
    restartedNow > 0 ? `restarted ${restartedNow} workloads` : '',
    rolling.length > 0 ? `${rolling.length} still rolling` : '',
    waiting > 0 ? `${waiting} queued` : '',
  ].filter(Boolean);
  return { state: 'pending', reason: `moving sidecars to ${to}: ${parts.join(', ')}` };
}
