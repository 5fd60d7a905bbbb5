import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { CheckOutcome, ProviderContext } from '../../../src/ports/service-provider.ts';
import { condition, num } from './kube.ts';

/** Finds one object of a kind by name (the port lists; it does not get). */
export async function findObject(
  ctx: ProviderContext,
  query: { apiVersion: string; kind: string; namespace?: string },
  name: string,
): Promise<KubeObject | undefined> {
  const objects = await ctx.clusters.list(ctx.cluster.name, query);
  return objects.find((o) => o.metadata.name === name);
}

/** ✅ when the DaemonSet has an available pod on every node it should run on. */
export async function daemonSetCoverage(
  ctx: ProviderContext,
  check: string,
  namespace: string,
  name: string,
): Promise<CheckOutcome> {
  const ds = await findObject(ctx, { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace }, name);
  if (!ds) return { check, status: 'fail', reason: `daemonset ${namespace}/${name} not found` };
  const desired = num(ds.status, 'desiredNumberScheduled');
  const available = num(ds.status, 'numberAvailable');
  if (available < desired) {
    return {
      check,
      status: 'fail',
      reason: `${name} is available on ${available} of ${desired} nodes; fix the missing pods before upgrading`,
    };
  }
  return { check, status: 'pass', reason: `${name} is available on all ${desired} nodes` };
}

/** ✅ when the Deployment reports `Available=True`. */
export async function deploymentAvailable(
  ctx: ProviderContext,
  check: string,
  namespace: string,
  name: string,
): Promise<CheckOutcome> {
  const deploy = await findObject(ctx, { apiVersion: 'apps/v1', kind: 'Deployment', namespace }, name);
  if (!deploy) return { check, status: 'fail', reason: `deployment ${namespace}/${name} not found` };
  const available = condition(deploy, 'Available');
  if (available?.status !== 'True') {
    const why = available?.reason ? ` (${available.reason})` : '';
    return { check, status: 'fail', reason: `deployment ${namespace}/${name} is not available${why}` };
  }
  return { check, status: 'pass', reason: `deployment ${namespace}/${name} is available` };
}
