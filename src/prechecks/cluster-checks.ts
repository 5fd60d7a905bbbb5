import type { Service } from '../../config/fleet.ts';
import type { Clusters, WorkloadStatus } from '../ports/clusters.ts';
import type { CheckOutcome, ServiceProvider } from '../ports/service-provider.ts';
import { CHECKS, fail, pass, plural, someOf, warn } from './outcome.ts';

/** API server readiness, and the Kubernetes version later checks need. */
export async function checkApi(
  clusters: Clusters,
  cluster: string,
): Promise<{ outcome: CheckOutcome; version?: string }> {
  const status = await clusters.apiStatus(cluster);
  if (!status.ready)
    return { outcome: fail(CHECKS.api, `API server not ready: ${status.reason ?? 'no reason given'}`) };
  const version = status.version ? `, Kubernetes ${status.version}` : '';
  return {
    outcome: pass(CHECKS.api, `ready${version}`),
    ...(status.version ? { version: status.version } : {}),
  };
}

/**
 * Any NotReady node fails: a wave drains and reschedules pods, and a node already down shrinks the
 * room that needs, so a few NotReady nodes are not waved through as a warning.
 */
export async function checkNodes(clusters: Clusters, cluster: string): Promise<CheckOutcome> {
  const notReady = await clusters.notReadyNodes(cluster);
  if (notReady.length === 0) return pass(CHECKS.nodes, 'all nodes Ready');
  return fail(CHECKS.nodes, `${plural(notReady.length, 'node')} NotReady: ${someOf(notReady)}`);
}

/** Where the service runs: fleet.yaml `namespace`/`workloads` over the provider's defaults. */
export function workloadTargets(
  service: Service,
  provider: ServiceProvider,
): { namespace?: string; names: string[] } {
  const defaults = provider.workloads?.(service);
  const namespace = service.namespace ?? defaults?.namespace;
  return { ...(namespace ? { namespace } : {}), names: service.workloads ?? defaults?.names ?? [] };
}

export async function checkWorkloads(
  clusters: Clusters,
  cluster: string,
  target: { namespace?: string; names: string[] },
): Promise<CheckOutcome> {
  if (target.names.length === 0)
    return warn(CHECKS.workloads, 'no workloads to check: list them in fleet.yaml `workloads`');
  if (!target.namespace)
    return warn(
      CHECKS.workloads,
      'workloads have no namespace: set `namespace` for the service in fleet.yaml',
    );
  const statuses = await clusters.workloads(cluster, target.namespace, target.names);
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const problems = target.names.flatMap((name) => {
    const problem = workloadProblem(name, byName.get(name));
    return problem ? [problem] : [];
  });
  if (problems.length > 0) return fail(CHECKS.workloads, someOf(problems, 2));
  return pass(CHECKS.workloads, `${target.names.length} of ${target.names.length} ready`);
}

function workloadProblem(name: string, status: WorkloadStatus | undefined): string | undefined {
  if (!status) return `${name} not found`;
  if (status.crashLooping) return `${name} in CrashLoopBackOff`;
  if (!status.ready) return `${name} not ready${status.reason ? ` (${status.reason})` : ''}`;
  return undefined;
}
