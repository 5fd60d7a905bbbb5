import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { CheckOutcome, ProviderContext } from '../../../src/ports/service-provider.ts';
import { compareSemVer, parseSemVer } from '../../../src/version/semver.ts';
import { listSome, podProblem, podReady, ref } from '../shared/kube.ts';
import { istiodDeployments, istiodVersion, istioNamespace, newestVersion } from './istiod.ts';
import { injectedNamespaces, sidecarPods, terminating } from './proxy-versions.ts';

/**
 * Istio's own prechecks on one cluster. In-place upgrades replace istiod under running proxies,
 * so istiod must survive losing a pod (two replicas and a PodDisruptionBudget); a revision upgrade
 * runs the new istiod beside the old one and does not need either.
 */
export async function istioPrechecks(ctx: ProviderContext): Promise<CheckOutcome[]> {
  const istiods = await istiodDeployments(ctx);
  const haChecks = ctx.strategy === 'in-place' ? [replicasCheck(istiods), await pdbCheck(ctx, istiods)] : [];
  return [...haChecks, await podsReadyCheck(ctx), await proxiesNotAheadCheck(ctx, istiods)];
}

function replicasCheck(istiods: readonly KubeObject[]): CheckOutcome {
  const check = 'istiod-replicas';
  if (istiods.length === 0)
    return { check, status: 'fail', reason: 'no istiod deployment (label app=istiod) found' };
  const replicas = Math.min(
    ...istiods.map((d) => (typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1)),
  );
  if (replicas < 2) {
    return {
      check,
      status: 'fail',
      reason: `istiod runs ${replicas} replica; an in-place upgrade needs at least 2 (chart value replicaCount or autoscaleMin)`,
    };
  }
  return { check, status: 'pass', reason: `istiod runs ${replicas} replicas` };
}

async function pdbCheck(ctx: ProviderContext, istiods: readonly KubeObject[]): Promise<CheckOutcome> {
  const check = 'istiod-pdb';
  const pdbs = await ctx.clusters.list(ctx.cluster.name, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    namespace: istioNamespace(ctx),
  });
  const podLabels = istiods.map(
    (d) => (d.spec?.template as { metadata?: { labels?: Record<string, string> } })?.metadata?.labels ?? {},
  );
  const covering = pdbs.find((pdb) => {
    const match = (pdb.spec?.selector as { matchLabels?: Record<string, string> })?.matchLabels ?? {};
    const pairs = Object.entries(match);
    return pairs.length > 0 && podLabels.some((labels) => pairs.every(([k, v]) => labels[k] === v));
  });
  if (!covering) {
    return {
      check,
      status: 'fail',
      reason: 'no PodDisruptionBudget covers istiod; enable the istiod chart PDB before an in-place upgrade',
    };
  }
  return { check, status: 'pass', reason: `PodDisruptionBudget ${covering.metadata.name} covers istiod` };
}

async function podsReadyCheck(ctx: ProviderContext): Promise<CheckOutcome> {
  const namespace = istioNamespace(ctx);
  const pods = await ctx.clusters.list(ctx.cluster.name, { apiVersion: 'v1', kind: 'Pod', namespace });
  const notReady = pods.filter((p) => !terminating(p) && !podReady(p));
  if (notReady.length > 0) {
    const names = notReady.map((p) => `${p.metadata.name} (${podProblem(p)})`);
    return {
      check: `${namespace}-pods-ready`,
      status: 'fail',
      reason: `${notReady.length} pods in ${namespace} not ready: ${listSome(names)}`,
    };
  }
  return {
    check: `${namespace}-pods-ready`,
    status: 'pass',
    reason: `all ${pods.length} pods in ${namespace} ready`,
  };
}

async function proxiesNotAheadCheck(
  ctx: ProviderContext,
  istiods: readonly KubeObject[],
): Promise<CheckOutcome> {
  const check = 'proxies-not-ahead';
  const control = newestVersion(istiods.map(istiodVersion));
  if (!control) return { check, status: 'warn', reason: "istiod's version is unknown; proxies not compared" };
  const pods = await sidecarPods(ctx, await injectedNamespaces(ctx));
  const cp = parseSemVer(control)!;
  const ahead = pods.filter(({ version }) => version && compareSemVer(parseSemVer(version)!, cp) > 0);
  if (ahead.length > 0) {
    const names = ahead.map(({ pod, version }) => `${ref(pod)} (${version})`);
    return {
      check,
      status: 'fail',
      reason: `${ahead.length} sidecars are newer than istiod ${control}: ${listSome(names)}`,
    };
  }
  return {
    check,
    status: 'pass',
    reason: `no sidecar newer than istiod ${control} (${pods.length} checked)`,
  };
}
