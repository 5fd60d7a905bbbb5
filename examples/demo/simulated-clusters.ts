import { createFakeClusters, type FakeCluster, type FakeClusters } from '../../test/fakes/clusters.ts';

/** Where the simulated clusters run the demo's service: a Flux HelmRelease and its DaemonSet. */
export interface SimulatedService {
  namespace: string;
  release: string;
  daemonset: string;
  /** The repository file that holds a cluster's version. */
  fileOf(cluster: string): string;
}

const NODES = 6;

/**
 * Healthy clusters on Kubernetes 1.29, each running the service at the version its file on the
 * default branch holds. `syncFromGit` is the simulation's instant GitOps: call it after a merge and
 * every cluster applies what the default branch now says, as Flux would a few minutes later.
 */
export function createSimulatedClusters(input: {
  clusters: readonly string[];
  service: SimulatedService;
  read: (path: string) => string | undefined;
  now: () => Date;
}): { clusters: FakeClusters; syncFromGit(): { cluster: string; from: string; to: string }[] } {
  const { service } = input;
  const releaseKey = `HelmRelease/${service.namespace}/${service.release}`;
  const spec: Record<string, FakeCluster> = {};
  for (const name of input.clusters) {
    const version = versionIn(input.read(service.fileOf(name)));
    spec[name] = {
      workloads: { [`${service.namespace}/daemonset/${service.daemonset}`]: {} },
      releases: version ? { [releaseKey]: { version } } : {},
      objects: [daemonSet(service.namespace, service.daemonset)],
    };
  }
  const clusters = createFakeClusters({ clusters: spec, now: input.now });
  const syncFromGit = () => {
    const moved: { cluster: string; from: string; to: string }[] = [];
    for (const name of input.clusters) {
      const wanted = versionIn(input.read(service.fileOf(name)));
      const release = spec[name]!.releases?.[releaseKey];
      if (!wanted || !release || release.version === wanted) continue;
      moved.push({ cluster: name, from: release.version, to: wanted });
      release.version = wanted;
    }
    return moved;
  };
  return { clusters, syncFromGit };
}

/** The chart version of a Flux HelmRelease file (quoted or not), as Flux would read it. */
export function versionIn(text: string | undefined): string | undefined {
  const match = /\n\s+chart:\s*\S+\s*\n\s+version:\s*["']?([^"'\s#]+)/.exec(text ?? '');
  return match?.[1];
}

function daemonSet(namespace: string, name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace },
    status: { desiredNumberScheduled: NODES, numberAvailable: NODES, numberReady: NODES },
  };
}
