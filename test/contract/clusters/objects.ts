import type { KubeObject } from '../../../src/ports/clusters.ts';

// Objects as the API server stores them, trimmed to what GUARD reads plus a few neighbours. Shapes:
// Kubernetes API reference (Node, Pod, Deployment, DaemonSet, StatefulSet; apps/v1, core/v1), Flux's
// HelmRelease API (helm.toolkit.fluxcd.io/v2) and Argo CD's Application CRD (argoproj.io/v1alpha1).

const T = '2024-05-01T11:00:00Z';

/** NodeStatus.conditions: Ready True, False or Unknown; `undefined` leaves the Ready condition out. */
export function node(name: string, ready: 'True' | 'False' | 'Unknown' | undefined): KubeObject {
  const pressure = {
    type: 'MemoryPressure',
    status: 'False',
    reason: 'KubeletHasSufficientMemory',
    lastTransitionTime: T,
  };
  const conditions = ready
    ? [pressure, { type: 'Ready', status: ready, reason: 'Kubelet', lastTransitionTime: T }]
    : [pressure];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': 'linux' } },
    status: { conditions },
  };
}

/** A Pod with one container status per [name, restartCount, waiting reason?]. */
export function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  containers: [string, number, string?][],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: containers.map(([c]) => ({ name: c, image: `example/${c}:1.0` })) },
    status: {
      phase: 'Running',
      containerStatuses: containers.map(([c, restartCount, waiting]) => ({
        name: c,
        restartCount,
        ready: !waiting,
        image: `example/${c}:1.0`,
        imageID: '',
        state: waiting
          ? { waiting: { reason: waiting, message: 'back-off 5m0s restarting failed container' } }
          : { running: { startedAt: T } },
      })),
    },
  };
}

/** A Deployment, DaemonSet or StatefulSet selecting pods labelled `app: <name>`. */
export function workload(
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet',
  ns: string,
  name: string,
  generation: number,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, generation, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: { containers: [{ name, image: `example/${name}:1.0` }] },
      },
      ...spec,
    },
    status,
  };
}

/** A Deployment with every replica updated and available at generation `generation`. */
export function readyDeployment(ns: string, name: string, replicas = 2, generation = 3): KubeObject {
  return workload(
    'Deployment',
    ns,
    name,
    generation,
    { replicas },
    {
      observedGeneration: generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  );
}

const cond = (type: string, status: string, reason: string, message = '') => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: T,
});
export const ready = (status: 'True' | 'False' | 'Unknown', reason: string, message = '') =>
  cond('Ready', status, reason, message);
export const stalled = (reason: string, message: string) => cond('Stalled', 'True', reason, message);
export const remediated = (reason: string, message: string) => cond('Remediated', 'True', reason, message);

/** Flux v2 `status.history`: snapshots of Helm releases, newest first. */
export const history = (...versions: string[]) =>
  versions.map((chartVersion, i) => ({
    chartName: 'istiod',
    chartVersion,
    appVersion: chartVersion.split('+')[0],
    status: i === 0 ? 'deployed' : 'superseded',
    version: 9 - i,
  }));

export function helmRelease(
  name: string,
  generation: number,
  status: Record<string, unknown>,
  apiVersion = 'helm.toolkit.fluxcd.io/v2',
): KubeObject {
  return {
    apiVersion,
    kind: 'HelmRelease',
    metadata: { name, namespace: 'flux-system', generation },
    spec: {
      interval: '10m',
      chart: {
        spec: { chart: 'istiod', version: '1.20.0', sourceRef: { kind: 'HelmRepository', name: 'istio' } },
      },
    },
    status,
  };
}

export function application(name: string, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', generation: 12 },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://istio-release.storage.googleapis.com/charts',
        chart: 'istiod',
        targetRevision: '1.20.0',
      },
    },
    status,
  };
}

/** `status.operationState` of the last sync. */
export const operation = (phase: string, message: string, revision = '1.20.0') => ({
  phase,
  message,
  startedAt: T,
  syncResult: { revision },
});

/**
 * A core/v1 Event about `kind/name` in `ns`, as the API server stores one a kubelet or controller
 * recorded with the legacy recorder (firstTimestamp, lastTimestamp, count). `extra` overrides fields,
 * e.g. a new-style event: `eventTime` and `series`, with the timestamps null.
 */
export function event(
  ns: string,
  involved: [kind: string, name: string],
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  lastTimestamp: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  const [kind, name] = involved;
  const apiVersion = kind === 'Pod' ? 'v1' : 'apps/v1';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${Date.parse(lastTimestamp).toString(16)}`, namespace: ns },
    involvedObject: { apiVersion, kind, name, namespace: ns, uid: `uid-${name}` },
    reason,
    message,
    source: { component: kind === 'Pod' ? 'kubelet' : `${kind.toLowerCase()}-controller` },
    firstTimestamp: lastTimestamp,
    lastTimestamp,
    count: 1,
    type,
    reportingComponent: kind === 'Pod' ? 'kubelet' : `${kind.toLowerCase()}-controller`,
    reportingInstance: '',
    ...extra,
  } as KubeObject;
}
