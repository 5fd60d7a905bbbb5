import type { KubeObject } from '../../../src/ports/clusters.ts';

/**
 * Kubernetes objects of a realistic Istio cluster for the fake Clusters: istiod (two replicas and
 * its chart's PodDisruptionBudget), an injected `shop` namespace with a Deployment and its pods,
 * an `ops` namespace on a revision label, and `batch`, which is not injected.
 */
export const ISTIOD_STARTED = '2024-03-01T10:00:00Z';

const proxy = (version: string) => ({ name: 'istio-proxy', image: `docker.io/istio/proxyv2:${version}` });
const app = { name: 'app', image: 'registry.example.com/shop/cart:4.2.0' };

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function istiod(version: string, opts: { replicas?: number; ready?: boolean } = {}): KubeObject {
  const replicas = opts.replicas ?? 2;
  const ready = opts.ready === false ? 0 : replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' }, generation: 3 },
    spec: {
      replicas,
      template: {
        metadata: { labels: { app: 'istiod', istio: 'pilot' } },
        spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${version}` }] },
      },
    },
    status: { observedGeneration: 3, replicas, updatedReplicas: replicas, readyReplicas: ready },
  };
}

export function istiodPod(version: string, name = 'istiod-7f9c-abcde', ready = true): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'istio-system', labels: { app: 'istiod' } },
    spec: { containers: [{ name: 'discovery', image: `docker.io/istio/pilot:${version}` }] },
    status: {
      phase: 'Running',
      startTime: ISTIOD_STARTED,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: ready
        ? []
        : [{ name: 'discovery', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    },
  };
}

export function istiodPdb(): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'istiod', istio: 'pilot' } } },
  };
}

export function deployment(
  ns: string,
  name: string,
  opts: { restartedAt?: string; rolling?: boolean } = {},
): KubeObject {
  const annotations = opts.restartedAt ? { 'kubectl.kubernetes.io/restartedAt': opts.restartedAt } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, generation: 2 },
    spec: { replicas: 2, template: { metadata: { annotations }, spec: { containers: [app] } } },
    status: { observedGeneration: 2, replicas: 2, updatedReplicas: opts.rolling ? 1 : 2, readyReplicas: 2 },
  };
}

/** A pod of `deployment` with a sidecar at `version` (native sidecar when `native`). */
export function sidecarPod(
  ns: string,
  owner: string,
  version: string,
  suffix = 'x1',
  native = false,
): KubeObject {
  const hash = '5d8f7c';
  const spec = native
    ? { containers: [app], initContainers: [proxy(version)] }
    : { containers: [app, proxy(version)] };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${owner}-${hash}-${suffix}`,
      namespace: ns,
      labels: { 'pod-template-hash': hash },
      ownerReferences: [{ kind: 'ReplicaSet', name: `${owner}-${hash}` }],
    } as KubeObject['metadata'],
    spec,
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** A healthy 1.19.5 mesh, before the upgrade. */
export function meshAt(version: string): KubeObject[] {
  return [
    namespace('istio-system'),
    namespace('shop', { 'istio-injection': 'enabled' }),
    namespace('ops', { 'istio.io/rev': 'default' }),
    namespace('batch'),
    istiod(version),
    istiodPod(version),
    istiodPdb(),
    deployment('shop', 'cart'),
    sidecarPod('shop', 'cart', version, 'a'),
    sidecarPod('shop', 'cart', version, 'b'),
    deployment('ops', 'runner'),
    sidecarPod('ops', 'runner', version, 'a', true),
    deployment('batch', 'etl'),
    sidecarPod('batch', 'etl', version, 'a'),
  ];
}
