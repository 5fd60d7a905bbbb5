import type {
  AppliedStatus,
  Clusters,
  KubeObject,
  ObjectQuery,
  ReleaseRef,
  WorkloadStatus,
} from '../../src/ports/clusters.ts';

/**
 * One fake cluster. Everything is optional: an empty spec is a healthy cluster on Kubernetes 1.29
 * with no workloads, releases or objects. The object stays live: a test may change it between calls
 * (say, move a release to the new version after the wave MR merged).
 */
export interface FakeCluster {
  /** `apiStatus`: defaults to ready on 1.29. */
  api?: { ready: boolean; version?: string; reason?: string };
  /** Names of nodes that are not Ready. */
  notReadyNodes?: string[];
  /** Keyed `<namespace>/<kind>/<name>` (`istio-system/deployment/istiod`); `{}` is ready, 0 restarts. */
  workloads?: Record<string, Partial<Omit<WorkloadStatus, 'name'>>>;
  /**
   * Keyed `<kind>/<namespace>/<name>` (`HelmRelease/istio-system/istiod`): the version the release
   * runs and, optionally, a reconcile state for that version (default applied).
   */
  releases?: Record<string, { version: string; state?: 'pending' | 'failed'; reason?: string }>;
  /** What `list` returns, filtered by apiVersion, kind, namespace and an equality label selector. */
  objects?: KubeObject[];
  /** Every call to this cluster never settles (for timeout tests). */
  hang?: boolean;
  /** Make one method reject with this message (`{ notReadyNodes: 'connection refused' }`). */
  errors?: Partial<Record<keyof Clusters, string>>;
}

export interface FakeClustersSpec {
  clusters: Record<string, FakeCluster>;
  /** Awaited before every answer: inject a controlled promise or a sleep to make calls overlap. */
  delay?: (call: FakeClusterCall) => Promise<void>;
  /** Time stamped into `kubectl.kubernetes.io/restartedAt` by `restart`. */
  now?: () => Date;
}

export interface FakeClusterCall {
  method: keyof Clusters;
  cluster: string;
  args: unknown[];
}

export interface FakeClusters extends Clusters {
  /** The live spec: change it to change the world. */
  readonly spec: FakeClustersSpec;
  /** Every call, in the order it was made. */
  readonly calls: FakeClusterCall[];
  /**
   * `restart` calls, in order. A restart also stamps `kubectl.kubernetes.io/restartedAt` (from
   * `now`, default the epoch) on the pod template of matching Deployment/DaemonSet/StatefulSet
   * `objects`, so code that looks before it restarts can see its earlier work.
   */
  readonly restarts: { cluster: string; namespace: string; names: string[] }[];
  /** Calls started and not yet answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly peakInFlight: number;
}

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const WORKLOAD_KINDS: Record<string, string> = {
  deployment: 'Deployment',
  daemonset: 'DaemonSet',
  statefulset: 'StatefulSet',
};

/** An in-memory `Clusters` for tests and benchmarks; records calls and concurrency. */
export function createFakeClusters(spec: FakeClustersSpec): FakeClusters {
  const calls: FakeClusterCall[] = [];
  const restarts: FakeClusters['restarts'] = [];
  let inFlight = 0;
  let peakInFlight = 0;

  async function answer<T>(
    method: keyof Clusters,
    cluster: string,
    args: unknown[],
    fn: (c: FakeCluster) => T,
  ) {
    const call = { method, cluster, args };
    calls.push(call);
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      const c = spec.clusters[cluster];
      if (c?.hang) await new Promise<never>(() => {});
      await spec.delay?.(call);
      if (!c) throw new Error(`unknown cluster '${cluster}': add it to the fake's clusters`);
      const error = c.errors?.[method];
      if (error) throw new Error(error);
      return fn(c);
    } finally {
      inFlight--;
    }
  }

  const fake: FakeClusters = {
    spec,
    calls,
    restarts,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    apiStatus: (cluster) =>
      answer('apiStatus', cluster, [], (c) => c.api ?? { ready: true, version: '1.29' }),
    notReadyNodes: (cluster) => answer('notReadyNodes', cluster, [], (c) => [...(c.notReadyNodes ?? [])]),
    workloads: (cluster, namespace, names) =>
      answer('workloads', cluster, [namespace, names], (c) => names.map((n) => workload(c, namespace, n))),
    applied: (cluster, release, version) =>
      answer('applied', cluster, [release, version], (c) => applied(c, release, version)),
    list: (cluster, query) => answer('list', cluster, [query], (c) => list(c, query)),
    restart: (cluster, namespace, names) =>
      answer('restart', cluster, [namespace, names], (c) => {
        restarts.push({ cluster, namespace, names: [...names] });
        stampRestart(c, namespace, names, (spec.now?.() ?? new Date(0)).toISOString());
      }),
  };
  return fake;
}

function workload(c: FakeCluster, namespace: string, name: string): WorkloadStatus {
  const found = c.workloads?.[`${namespace}/${name}`];
  if (!found) return { name, ready: false, restarts: 0, crashLooping: false, reason: 'not found' };
  return { name, ready: true, restarts: 0, crashLooping: false, ...found };
}

function applied(c: FakeCluster, ref: ReleaseRef, version: string): AppliedStatus {
  const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
  const release = c.releases?.[key];
  if (!release) return { state: 'pending', reason: `${key} not found` };
  if (release.version !== version)
    return { state: 'pending', reason: `runs ${release.version}, not ${version}` };
  if (release.state) return { state: release.state, reason: release.reason ?? release.state };
  return { state: 'applied' };
}

function list(c: FakeCluster, q: ObjectQuery): KubeObject[] {
  return (
    (c.objects ?? [])
      .filter(
        (o) =>
          o.apiVersion === q.apiVersion &&
          o.kind === q.kind &&
          (q.namespace === undefined || o.metadata.namespace === q.namespace) &&
          matchesSelector(o.metadata.labels ?? {}, q.labelSelector),
      )
      // Copies, as an API server returns: a caller editing its answer does not change the cluster.
      .map((o) => structuredClone(o))
  );
}

/** Restart the way kubectl does: a new pod-template annotation, so a rerun can see it happened. */
function stampRestart(c: FakeCluster, namespace: string, names: readonly string[], at: string): void {
  for (const ref of names) {
    const [kind = '', name] = ref.split('/');
    const target = c.objects?.find(
      (o) =>
        o.kind === WORKLOAD_KINDS[kind] && o.metadata.name === name && o.metadata.namespace === namespace,
    );
    if (!target) continue;
    const spec = (target.spec ?? {}) as {
      template?: { metadata?: { annotations?: Record<string, string> } };
    };
    const template = spec.template ?? {};
    const metadata = template.metadata ?? {};
    metadata.annotations = { ...metadata.annotations, [RESTARTED_AT]: at };
    template.metadata = metadata;
    spec.template = template;
    target.spec = spec;
  }
}

/** Equality-based selectors only (`a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated): what providers use. */
function matchesSelector(labels: Record<string, string>, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((raw) => {
    const term = raw.trim();
    const [key, value] = term.split(/!=|==?/).map((s) => s.trim());
    if (term.startsWith('!')) return !(term.slice(1).trim() in labels);
    if (value === undefined) return key! in labels;
    return term.includes('!=') ? labels[key!] !== value : labels[key!] === value;
  });
}
