import { createHash } from 'node:crypto';
import type { Fleet } from '../../config/fleet.ts';
import type { FleetPorts } from '../../src/engine/deps.ts';
import type { Logger } from '../../src/engine/logger.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import type { Metrics } from '../../src/ports/metrics.ts';
import { createPrechecks } from '../../src/prechecks/create-prechecks.ts';
import type { WaveChecks } from '../../src/rollout/wave-checks.ts';
import { rememberSuccess } from '../../src/util/remember-success.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { createSoakJudge } from '../../src/verdicts/soak-judge.ts';
import type { ServerMetrics } from './server-metrics.ts';

export interface PortsForDeps {
  /** Resolved settings as the providers read them (DD_*, PROMETHEUS_URL; secrets already resolved). */
  env: Record<string, string | undefined>;
  /** KUBECONFIG, for `kubeconfig:` clusters without their own path. */
  kubeconfig?: string;
  metrics: ServerMetrics;
  log: Logger;
  /** Whether soak reports carry the rollout page's charts (GUARD_UI: the engine keeps them). */
  keepCharts?: boolean;
  /** The retry policy's hooks (the retry metric), for every cluster and metrics client. */
  retry?: RetryDeps;
  /** Builds the clusters adapter (default: the Kubernetes API); tests and the bench pass fakes. */
  clustersFor?: (fleet: Fleet) => Clusters;
}

/** A fleet without a metrics backend: soaks are judged on workload health and alerts alone. */
const noMetrics: Metrics = {
  series: async () => new Map(),
  alerts: async () => new Map(),
  mark: async () => {},
  explorerUrl: () => undefined,
};

/**
 * The engine's `portsFor`: clusters, metrics and judgements for one fleet.yaml, built once per
 * distinct fleet content (a changed fleet.yaml gets new adapters; an unchanged one keeps its
 * clients, token caches and connection pools).
 */
export function createPortsFor(deps: PortsForDeps): (fleet: Fleet) => FleetPorts {
  const built = new Map<string, FleetPorts>();
  return (fleet) => {
    const digest = createHash('sha256').update(JSON.stringify(fleet)).digest('hex');
    let ports = built.get(digest);
    if (!ports) {
      ports = build(deps, fleet);
      built.set(digest, ports);
    }
    return ports;
  };
}

function build(deps: PortsForDeps, fleet: Fleet): FleetPorts {
  const log = deps.log.child({ component: 'fleet' });
  const clusters = deps.clustersFor?.(fleet) ?? lazyClusters(fleet, deps.kubeconfig, deps.retry);
  const metrics = fleet.metrics && lazyMetrics(fleet.metrics, deps.env, log, deps.retry);
  const judge = createSoakJudge({
    metrics: metrics ?? noMetrics,
    clusters,
    log,
    charts: deps.keepCharts ?? true,
  });
  const { prechecks } = createPrechecks({ clusters, ...(metrics ? { metrics } : {}), log });
  const checks: WaveChecks = {
    async prechecks(input) {
      const report = await prechecks(input);
      deps.metrics.prechecks.inc({ outcome: report.passed ? 'passed' : 'failed' });
      return report;
    },
    async soak(input) {
      const report = await judge.soak(input);
      for (const verdict of Object.values(report.verdicts)) deps.metrics.verdicts.inc({ outcome: verdict });
      return report;
    },
  };
  return { clusters, ...(metrics ? { metrics } : {}), checks };
}

/**
 * The Kubernetes and Datadog clients take over a second each to load: they are imported on first
 * use, not at start, so GUARD is ready in well under the 3 s a container probe allows (a failed
 * import is tried again on the next use).
 */
function lazyClusters(fleet: Fleet, kubeconfig: string | undefined, retry: RetryDeps | undefined): Clusters {
  const real = rememberSuccess(async () => {
    const { createKubernetesClusters } = await import('../../providers/clusters/kubernetes/index.ts');
    return createKubernetesClusters({
      fleet,
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(retry && { retry }),
    });
  });
  return {
    apiStatus: async (...a) => (await real()).apiStatus(...a),
    notReadyNodes: async (...a) => (await real()).notReadyNodes(...a),
    workloads: async (...a) => (await real()).workloads(...a),
    applied: async (...a) => (await real()).applied(...a),
    list: async (...a) => (await real()).list(...a),
    restart: async (...a) => (await real()).restart(...a),
    events: async (...a) => (await real()).events(...a),
  };
}

function lazyMetrics(
  config: NonNullable<Fleet['metrics']>,
  env: Record<string, string | undefined>,
  logger: Logger,
  retry: RetryDeps | undefined,
): Metrics {
  // Links are drawn after a query has loaded the source; until then there is none.
  let loaded: Metrics | undefined;
  const real = rememberSuccess(async () => {
    const { metricsSources } = await import('../../providers/metrics/api.ts');
    loaded = metricsSources[config.provider]({
      clusterTag: config.clusterTag,
      env,
      logger,
      ...(retry && { retry }),
    });
    return loaded;
  });
  return {
    series: async (input) => (await real()).series(input),
    alerts: async (clusters) => (await real()).alerts(clusters),
    mark: async (input) => (await real()).mark(input),
    explorerUrl: (input) => loaded?.explorerUrl(input),
  };
}
