import type { Cluster } from '../../config/fleet.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { CheckOutcome } from '../ports/service-provider.ts';
import type { WaveCluster } from '../rollout/model.ts';
import type { PrecheckInput } from '../rollout/wave-checks.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { checkApi, checkNodes, checkWorkloads, workloadTargets } from './cluster-checks.ts';
import { type Delay, withDeadline } from './deadline.ts';
import { checkDrift } from './drift-check.ts';
import { CHECKS, errorText, fail } from './outcome.ts';
import { checkKubernetesSupport, checkUpgradePath } from './version-checks.ts';

export interface ClusterRunDeps {
  clusters: Clusters;
  metrics?: Metrics;
  timeoutMs: number;
  delay: Delay;
  onError?: (details: { cluster: string; check: string; error: string }) => void;
}

interface Step {
  check: string;
  /** Skipped when the API server did not answer ready: its answer would only repeat that. */
  needsApi: boolean;
  run: () => Promise<CheckOutcome | CheckOutcome[]>;
}

/**
 * The checks that ask one cluster, one after another, within one deadline for the whole row. A
 * check that throws becomes ❌ with the error's message; when the deadline passes, the check in
 * progress becomes ❌ "no answer within …" and the rest are not run.
 */
export async function runCluster(
  input: PrecheckInput,
  wc: WaveCluster,
  deps: ClusterRunDeps,
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  const progress = { current: CHECKS.api as string, stopped: false };
  const work = (async () => {
    let apiReady = false;
    for (const step of steps(input, wc, deps, (ready) => (apiReady = ready))) {
      if (progress.stopped) return;
      if (step.needsApi && !apiReady) continue;
      progress.current = step.check;
      outcomes.push(...(await runStep(step, wc.name, deps)));
    }
  })();
  try {
    await withDeadline(work, deps.timeoutMs, deps.delay);
  } catch (error) {
    // A rate limit is no failed check: the reconcile ends and the prechecks run after the wait.
    if (error instanceof RateLimitedError) throw error;
    progress.stopped = true;
    deps.onError?.({ cluster: wc.name, check: progress.current, error: errorText(error) });
    return [...outcomes, fail(progress.current, errorText(error))];
  }
  return outcomes;
}

async function runStep(step: Step, cluster: string, deps: ClusterRunDeps): Promise<CheckOutcome[]> {
  try {
    const result = await step.run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    if (error instanceof RateLimitedError) throw error;
    deps.onError?.({ cluster, check: step.check, error: errorText(error) });
    return [fail(step.check, errorText(error))];
  }
}

function steps(
  input: PrecheckInput,
  wc: WaveCluster,
  deps: ClusterRunDeps,
  setReady: (r: boolean) => void,
): Step[] {
  const { clusters } = deps;
  const { provider, service, version, strategy } = input;
  let kubernetes: string | undefined;
  return [
    {
      check: CHECKS.api,
      needsApi: false,
      run: async () => {
        const api = await checkApi(clusters, wc.name);
        kubernetes = api.version;
        setReady(api.outcome.status === 'pass');
        return api.outcome;
      },
    },
    { check: CHECKS.nodes, needsApi: true, run: () => checkNodes(clusters, wc.name) },
    {
      check: CHECKS.workloads,
      needsApi: true,
      run: () => checkWorkloads(clusters, wc.name, workloadTargets(service, provider)),
    },
    { check: CHECKS.drift, needsApi: true, run: () => checkDrift(clusters, wc.name, wc.fields) },
    {
      check: CHECKS.upgradePath,
      needsApi: false,
      run: async () => checkUpgradePath(provider, wc.fields, version, strategy),
    },
    {
      check: CHECKS.kubernetes,
      needsApi: true,
      run: async () => checkKubernetesSupport(provider, version, kubernetes),
    },
    { check: provider.id, needsApi: true, run: () => providerChecks(input, wc, deps) },
  ];
}

async function providerChecks(
  input: PrecheckInput,
  wc: WaveCluster,
  deps: ClusterRunDeps,
): Promise<CheckOutcome[]> {
  if (!input.provider.prechecks) return [];
  const from = wc.fields[0]?.from;
  return input.provider.prechecks({
    serviceName: input.serviceName,
    service: input.service,
    cluster: fleetCluster(input, wc),
    ...(from ? { from } : {}),
    to: input.version,
    strategy: input.strategy,
    clusters: deps.clusters,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
}

/** The fleet entry; a cluster removed from fleet.yaml since the wave opened still gets checked. */
function fleetCluster(input: PrecheckInput, wc: WaveCluster): Cluster {
  return (
    input.fleet.clusters.find((c) => c.name === wc.name) ?? {
      name: wc.name,
      batch: input.wave.batch,
      environment: wc.environment,
    }
  );
}
