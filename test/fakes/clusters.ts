import type {
  AppliedStatus,
  Clusters,
  KubeObject,
  ReleaseRef,
  WorkloadStatus,
} from '../../src/ports/clusters.ts';
import { storedEvents } from './clusters/events.ts';
import { applicationStatus, helmReleaseStatus } from './clusters/release-status.ts';
import { splitApiVersion } from './clusters/served-kinds.ts';
import { findWorkload, listStored, notReadyNodes, stampRestart } from './clusters/stored-objects.ts';
import { parseRef, workloadFromObjects } from './clusters/workload-status.ts';

/**
 * One fake cluster. Everything is optional: an empty spec is a healthy cluster on Kubernetes 1.29
 * with no workloads, releases or objects. The object stays live: a test may change it between calls
 * (say, move a release to the new version after the wave MR merged).
 */
export interface FakeCluster {
  /** `apiStatus`: defaults to ready on 1.29. */
  api?: { ready: boolean; version?: string; reason?: string };
  /** Names of nodes that are not Ready; when absent, read from the Node `objects`. */
  notReadyNodes?: string[];
  /**
   * Keyed `<namespace>/<kind>/<name>` (`istio-system/deployment/istiod`); `{}` is ready, 0 restarts.
   * When absent, workloads are read from `objects` (their status and the pods they select).
   */
  workloads?: Record<string, Partial<Omit<WorkloadStatus, 'name'>>>;
  /**
   * Keyed `<kind>/<namespace>/<name>` (`HelmRelease/istio-system/istiod`): the version the release
   * runs and, optionally, a reconcile state (default applied; `failed` whatever the version, as a
   * Stalled release is). When absent, HelmReleases and Applications are judged from `objects`.
   */
  releases?: Record<string, { version: string; state?: 'pending' | 'failed'; reason?: string }>;
  /** The objects the cluster stores, as the API server returns them; what `list` and `events` answer from. */
  objects?: KubeObject[];
  /** Nothing answers at the cluster's endpoint (the network error): every call fails, apiStatus says why. */
  unreachable?: string;
  /** API groups whose CRDs are not installed (`argoproj.io`): the cluster serves none of their kinds. */
  unservedGroups?: string[];
  /** Every call to this cluster never settles (for timeout tests). */
  hang?: boolean;
  /** Make one method fail with this message (`{ notReadyNodes: 'connection refused' }`); apiStatus reports it. */
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
   * `restart` calls that succeeded, in order. A restart also stamps `kubectl.kubernetes.io/restartedAt`
   * (from `now`, default the epoch) on the pod template of matching Deployment/DaemonSet/StatefulSet
   * `objects`, so code that looks before it restarts can see its earlier work.
   */
  readonly restarts: { cluster: string; namespace: string; names: string[] }[];
  /** Calls started and not yet answered now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly peakInFlight: number;
}

const GROUPS: Record<ReleaseRef['kind'], string> = {
  HelmRelease: 'helm.toolkit.fluxcd.io',
  Application: 'argoproj.io',
};

/**
 * An in-memory `Clusters` for tests, the demo and benchmarks; records calls and concurrency. It runs
 * the same contract as the Kubernetes adapter (test/fakes/clusters.contract.test.ts): a cluster's
 * `objects` are judged by the rules the adapter follows, and the shorthands (`api`, `notReadyNodes`,
 * `workloads`, `releases`) answer for a method when a test gives them. A cluster the fake does not
 * know, or one `unreachable`, fails as the adapter does: apiStatus says not ready and why, every
 * other method rejects with the cluster named.
 */
export function createFakeClusters(spec: FakeClustersSpec): FakeClusters {
  const calls: FakeClusterCall[] = [];
  const restarts: FakeClusters['restarts'] = [];
  let inFlight = 0;
  let peakInFlight = 0;

  /** Why the cluster cannot answer at all, or undefined when it can. */
  const cannotAnswer = (cluster: string, c: FakeCluster | undefined) => {
    if (!c) return `${cluster}: unknown cluster '${cluster}': add it to the fake's clusters`;
    if (c.unreachable)
      return `${cluster}: API server unreachable (${c.unreachable}); check the endpoint and network path`;
    return undefined;
  };

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
      const down = cannotAnswer(cluster, c);
      if (down) throw new Error(down);
      const error = c!.errors?.[method];
      if (error) throw new Error(error);
      try {
        return fn(c!);
      } catch (err) {
        // The adapter names the cluster in every error it throws.
        throw new Error(`${cluster}: ${(err as Error).message}`, { cause: err });
      }
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
    // The API server's status is an answer, never a throw: what cannot be reached is not ready.
    apiStatus: (cluster) =>
      answer('apiStatus', cluster, [], (c) => c.api ?? { ready: true, version: '1.29' }).catch(
        (err: Error) => ({ ready: false, reason: err.message }),
      ),
    notReadyNodes: (cluster) =>
      answer('notReadyNodes', cluster, [], (c) => [...(c.notReadyNodes ?? notReadyNodes(c.objects ?? []))]),
    workloads: (cluster, namespace, names) =>
      answer('workloads', cluster, [namespace, names], (c) =>
        names.map((ref) =>
          c.workloads
            ? shorthandWorkload(c.workloads, namespace, ref)
            : workloadFromObjects(c.objects ?? [], namespace, ref),
        ),
      ),
    applied: (cluster, release, version) =>
      answer('applied', cluster, [release, version], (c) => applied(c, release, version)),
    list: (cluster, query) =>
      answer('list', cluster, [query], (c) => listStored(c.objects ?? [], query, c.unservedGroups ?? [])),
    restart: (cluster, namespace, names) =>
      answer('restart', cluster, [namespace, names], (c) => {
        const targets = names.map((ref) => {
          const found = findWorkload(c.objects ?? [], namespace, ref);
          if (!found && !c.workloads?.[`${namespace}/${ref}`])
            throw new Error(`${ref} not found in ${namespace}`);
          return found;
        });
        restarts.push({ cluster, namespace, names: [...names] });
        const at = (spec.now?.() ?? new Date(0)).toISOString();
        for (const target of targets) if (target) stampRestart(target, at);
      }),
    events: (cluster, query) =>
      answer('events', cluster, [query], (c) => storedEvents(c.objects ?? [], query)),
  };
  return fake;
}

function shorthandWorkload(
  workloads: NonNullable<FakeCluster['workloads']>,
  namespace: string,
  ref: string,
): WorkloadStatus {
  parseRef(ref);
  const found = workloads[`${namespace}/${ref}`];
  if (!found) return { name: ref, ready: false, restarts: 0, crashLooping: false, reason: 'not found' };
  return { name: ref, ready: true, restarts: 0, crashLooping: false, ...found };
}

function applied(c: FakeCluster, ref: ReleaseRef, version: string): AppliedStatus {
  const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
  if (c.releases) {
    const release = c.releases[key];
    if (!release) return { state: 'pending', reason: `${key} not found` };
    // A failed reconcile fails whatever the release still runs, as a Stalled HelmRelease does.
    if (release.state === 'failed') return { state: 'failed', reason: release.reason ?? 'failed' };
    if (release.version !== version)
      return { state: 'pending', reason: `runs ${release.version}, not ${version}` };
    if (release.state) return { state: release.state, reason: release.reason ?? release.state };
    return { state: 'applied' };
  }
  const group = GROUPS[ref.kind];
  if (c.unservedGroups?.includes(group))
    throw new Error(`the API server serves no version of ${group}; is its controller installed?`);
  const found = (c.objects ?? []).find(
    (o) =>
      o.kind === ref.kind &&
      splitApiVersion(o.apiVersion ?? '').group === group &&
      o.metadata.namespace === ref.namespace &&
      o.metadata.name === ref.name,
  );
  if (!found) return { state: 'pending', reason: `${ref.kind} ${ref.namespace}/${ref.name} not found` };
  return ref.kind === 'HelmRelease' ? helmReleaseStatus(found, version) : applicationStatus(found, version);
}
