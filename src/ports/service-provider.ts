import type { Cluster, Fleet, Metric, Service } from '../../config/fleet.ts';
import type { Clusters } from './clusters.ts';
import type { Metrics } from './metrics.ts';

/** A problem with a fleet service entry, at a path relative to `services.<name>`. */
export interface FieldProblem {
  path: readonly PropertyKey[];
  message: string;
}

/** A chart a service bumps. */
export interface ChartRule {
  /** Chart name as it appears in HelmRelease `spec.chart.spec.chart`, Argo CD `chart`, Kustomize `name`. */
  name: string;
  /** Every cluster must carry a required chart; an optional one is bumped where it is found. */
  required: boolean;
  /** Several releases of this chart may live in one cluster (Istio ingress and egress gateways). */
  multiple?: boolean;
}

/**
 * What GUARD needs to know about a kind of service: the rules planning needs (required), and the
 * optional knowledge that makes its checks sharp: workloads, Kubernetes support, prechecks, soak
 * metrics and post-upgrade work. A provider leaves out what does not apply to it.
 */
export interface ServiceProvider {
  /** Registry key, as written in fleet.yaml `provider:`. */
  readonly id: string;
  /** Strategies the provider supports; the first is the default. */
  readonly strategies: readonly string[];
  /** Problems with a service entry that the schema cannot see (e.g. a helm service without `chart`). */
  checkService(service: Service): FieldProblem[];
  /** The charts the service bumps, in upgrade order. */
  charts(service: Service): ChartRule[];
  /** Why `version` is not a version this provider understands, or undefined when it is fine. */
  checkVersion(version: string): string | undefined;
  /** Orders two valid versions: negative when a is older. */
  compareVersions(a: string, b: string): number;
  /** Why a cluster may not move from `from` to `to` with `strategy` (skew rules), or undefined. */
  checkUpgradePath(step: { from: string; to: string; strategy: string }): string | undefined;

  /** Where the service runs and what must be healthy; fleet.yaml `namespace`/`workloads` override. */
  workloads?(service: Service): { namespace: string; names: string[] };
  /** Why `version` does not support Kubernetes `kubernetesMinor` (e.g. "1.24"), or undefined. */
  checkKubernetes?(version: string, kubernetesMinor: string): string | undefined;
  /**
   * Default soak metrics for the fleet's metrics backend; fleet.yaml `metrics:` are added to them.
   * Queries name the cluster tag/label `kube_cluster_name`; GUARD renames it to the fleet's `clusterTag`.
   */
  soakMetrics?(service: Service, backend: MetricsBackend): SoakMetric[];
  /** Checks of this service on one cluster before its wave MR may merge (after the generic ones). */
  prechecks?(ctx: ProviderContext): Promise<CheckOutcome[]>;
  /**
   * Work after every cluster of the wave applied the target (Istio: restart injected workloads once
   * istiod is ready, then confirm the proxies' version). Called every reconcile until it answers
   * `done` or `failed`; it must be idempotent (look before acting).
   */
  afterApplied?(ctx: ProviderContext): Promise<{ state: 'done' | 'pending' | 'failed'; reason: string }>;
  /** A sentence the soak report carries (Datadog Agent: its own metrics are disturbed by the upgrade). */
  readonly soakNote?: string;
}

/** A metrics backend, as fleet.yaml `metrics.provider` names it (providers/metrics/<backend>/). */
export type MetricsBackend = NonNullable<Fleet['metrics']>['provider'];

/**
 * Something written once per metrics backend (a provider's default soak queries): a backend added to
 * fleet.yaml's `metrics.provider` fails to compile until every provider has written its own, so it
 * can never be handed another backend's queries.
 */
export type PerBackend<T> = Readonly<Record<MetricsBackend, T>>;

/**
 * A soak metric: fleet.yaml's shape, plus what a provider may add. `query` carries `$clusters`,
 * replaced by the wave's cluster filter (Datadog `kube_cluster_name:a OR …` tag scope, Prometheus
 * `kube_cluster_name=~"a|b"` matcher); series come back grouped by the fleet's `clusterTag`.
 */
export interface SoakMetric extends Omit<Metric, 'kind' | 'query'> {
  kind: NonNullable<Metric['kind']>;
  query: string;
  /** For ratios: the request-volume query; below `minVolume` in a window the check is inconclusive. */
  volumeQuery?: string;
  minVolume?: number;
}

/** One cluster, the service on it, and the ports a provider may ask. */
export interface ProviderContext {
  serviceName: string;
  service: Service;
  cluster: Cluster;
  /** Version before the wave (undefined when unknown) and the target. */
  from?: string;
  to: string;
  strategy: string;
  clusters: Clusters;
  /** Absent when the fleet has no metrics backend. */
  metrics?: Metrics;
}

/** One line of the precheck table: ✅ pass, ❌ fail (blocks the merge), ⚠️ warn. */
export interface CheckOutcome {
  check: string;
  status: 'pass' | 'fail' | 'warn';
  /** One line, shown in the table. */
  reason: string;
}

/** Looks a provider up by id; the registry lives with the adapters. */
export type ProviderLookup = (id: string) => ServiceProvider | undefined;
