/**
 * What the engine asks of a cluster: is it healthy enough to upgrade, has it applied a version,
 * and (after the control plane of some services) restart workloads. Adapters in providers/clusters/
 * talk to the Kubernetes API (kubeconfig contexts, or EKS with STS-signed tokens).
 */
export interface Clusters {
  /** API server ready (`/readyz`) and its Kubernetes version, e.g. "1.29". */
  apiStatus(cluster: string): Promise<{ ready: boolean; version?: string; reason?: string }>;
  /** Nodes that are not Ready, by name. */
  notReadyNodes(cluster: string): Promise<string[]>;
  /** Readiness and restart counts of `deployment/x`, `daemonset/x` or `statefulset/x` in `namespace`. */
  workloads(cluster: string, namespace: string, names: readonly string[]): Promise<WorkloadStatus[]>;
  /** Whether the GitOps object holding `chart` has applied `version` (DESIGN section 6, "Applied"). */
  applied(cluster: string, release: ReleaseRef, version: string): Promise<AppliedStatus>;
  /** Objects of one kind (raw Kubernetes JSON), for provider-specific checks. */
  list(cluster: string, query: ObjectQuery): Promise<KubeObject[]>;
  /** Rolling restart (the RESTARTED_AT annotation) of the workloads, a few at a time. */
  restart(cluster: string, namespace: string, names: readonly string[]): Promise<void>;
  /**
   * Recent Kubernetes events (core/v1) about the workloads, their ReplicaSets and their Pods in the
   * query's namespace, newest first: what `kubectl events` would show for them. Read-only.
   */
  events(cluster: string, query: EventQuery): Promise<ClusterEvent[]>;
}

export interface EventQuery {
  namespace: string;
  /** `deployment/x`, `daemonset/x` or `statefulset/x`. */
  workloads: readonly string[];
  /** Only events last seen at or after this time. */
  since: Date;
  /** At most this many, the newest (default 50). */
  limit?: number;
}

/** One event as a person reads it in `kubectl events`. */
export interface ClusterEvent {
  /** ISO time the event was last seen. */
  at: string;
  /** `Normal` or `Warning`. */
  type: string;
  /** Short machine-readable cause: `BackOff`, `Unhealthy`, `FailedScheduling`, `Pulled` … */
  reason: string;
  /** What it is about, `<Kind>/<name>`: `Pod/promtail-x8k2p`, `Deployment/istiod`. */
  object: string;
  message: string;
  /** How often it was seen (at least 1). */
  count: number;
}

/** The pod-template annotation a restart sets, as `kubectl rollout restart` does. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export interface WorkloadStatus {
  name: string;
  ready: boolean;
  restarts: number;
  crashLooping: boolean;
  reason?: string;
}

/** The Flux HelmRelease or Argo CD Application that deploys a chart. */
export interface ReleaseRef {
  kind: 'HelmRelease' | 'Application';
  namespace: string;
  name: string;
}

export type AppliedStatus =
  | { state: 'applied' }
  | { state: 'pending'; reason: string }
  | { state: 'failed'; reason: string };

export interface ObjectQuery {
  /** `v1`, `apps/v1`, `policy/v1`, `helm.toolkit.fluxcd.io/v2` … */
  apiVersion: string;
  /** `Pod`, `Namespace`, `PodDisruptionBudget` … */
  kind: string;
  /** Omitted for cluster-scoped kinds or all namespaces. */
  namespace?: string;
  /** Kubernetes label selector, e.g. `istio-injection=enabled`. */
  labelSelector?: string;
}

/** A Kubernetes object as the API returns it; providers read only what they need. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    generation?: number;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}
