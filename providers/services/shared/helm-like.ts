import type { Service } from '../../../config/fleet.ts';
import type {
  CheckOutcome,
  PerBackend,
  ProviderContext,
  ServiceProvider,
  SoakMetric,
} from '../../../src/ports/service-provider.ts';
import { compareSemVer, parseSemVer } from '../../../src/version/semver.ts';
import { type WorkloadSet, workloadHealthMetrics } from './workload-metrics.ts';

/** What distinguishes one Helm-installed service from another; everything else is shared. */
export interface HelmLikeSpec {
  id: string;
  /** The chart GUARD bumps; fleet.yaml `chart` overrides it (a mirrored chart under another name). Absent: fleet.yaml must name one. */
  chart?: string;
  /** Where the chart installs by default; fleet.yaml `namespace` overrides. */
  namespace: string;
  /** Workloads that must stay healthy (`deployment/x` …); fleet.yaml `workloads` overrides. */
  workloads: readonly string[];
  /** Service-specific soak metrics on each backend, added to container restarts and CrashLoopBackOff. */
  metrics?: PerBackend<(set: WorkloadSet) => SoakMetric[]>;
  /** Whether the default restart/CrashLoopBackOff metrics apply on each backend (default: yes on all). */
  healthMetrics?: PerBackend<boolean>;
  /** Service-specific prechecks on one cluster. */
  prechecks?(ctx: ProviderContext, set: WorkloadSet): Promise<CheckOutcome[]>;
  /** Why a chart upgrade from → to is not allowed (beyond SemVer ordering), or undefined. */
  upgradePath?(from: string, to: string): string | undefined;
  soakNote?: string;
}

/** The namespace and workloads of a service: fleet.yaml first, then the provider's defaults. */
export function workloadSet(spec: HelmLikeSpec, service: Service): WorkloadSet {
  return { namespace: service.namespace ?? spec.namespace, names: service.workloads ?? spec.workloads };
}

/**
 * A provider for a service installed from one Helm chart with SemVer versions: the generic `helm`
 * provider and every named one (promtail, cert-manager …) are built here, so they differ only in
 * their spec.
 */
export function defineHelmProvider(spec: HelmLikeSpec): ServiceProvider {
  const chartOf = (service: Service) => service.chart ?? spec.chart;
  return {
    id: spec.id,
    strategies: ['in-place'],
    checkService: (service) =>
      chartOf(service)
        ? []
        : [
            {
              path: ['chart'],
              message: `the ${spec.id} provider needs 'chart': the name of the chart whose version GUARD bumps`,
            },
          ],
    charts: (service) => {
      const chart = chartOf(service);
      return chart ? [{ name: chart, required: true }] : [];
    },
    checkVersion: (version) =>
      parseSemVer(version) ? undefined : `'${version}' is not a SemVer version such as 1.2.3 or v1.2.3`,
    compareVersions: (a, b) => compareSemVer(parseSemVer(a)!, parseSemVer(b)!),
    checkUpgradePath: ({ from, to }) => spec.upgradePath?.(from, to),
    workloads: (service) => {
      const set = workloadSet(spec, service);
      return { namespace: set.namespace, names: [...set.names] };
    },
    soakMetrics: (service, backend) => {
      const set = workloadSet(spec, service);
      const health = (spec.healthMetrics?.[backend] ?? true) ? workloadHealthMetrics(set, backend) : [];
      return [...health, ...(spec.metrics?.[backend](set) ?? [])];
    },
    prechecks: async (ctx) => (spec.prechecks ? spec.prechecks(ctx, workloadSet(spec, ctx.service)) : []),
    ...(spec.soakNote ? { soakNote: spec.soakNote } : {}),
  };
}
