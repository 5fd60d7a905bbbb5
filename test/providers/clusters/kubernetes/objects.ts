import type { KubeObject } from '../../../../src/ports/clusters.ts';

// Realistic objects as an EKS 1.29 cluster with Istio, promtail, Flux and Argo CD answers them,
// trimmed to the fields GUARD reads plus enough neighbours to look like the real thing.

const T = '2024-05-01T11:00:00Z';

function node(name: string, ready: 'True' | 'False' | 'Unknown', reason: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': 'us-east-1a' } },
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastTransitionTime: T,
        },
        { type: 'Ready', status: ready, reason, lastTransitionTime: T },
      ],
      nodeInfo: { kubeletVersion: 'v1.29.3-eks-ae9a62a' },
    },
  };
}

function pod(
  ns: string,
  name: string,
  labels: Record<string, string>,
  containers: [string, number, string?][],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: containers.map(([c]) => ({ name: c, image: `docker.io/example/${c}:1.0` })) },
    status: {
      phase: 'Running',
      containerStatuses: containers.map(([c, restarts, waiting]) => ({
        name: c,
        restartCount: restarts,
        ready: !waiting,
        image: `docker.io/example/${c}:1.0`,
        imageID: '',
        state: waiting
          ? { waiting: { reason: waiting, message: `back-off 5m0s restarting failed container=${c}` } }
          : { running: { startedAt: T } },
      })),
    },
  };
}

function workload(
  kind: string,
  ns: string,
  name: string,
  generation: number,
  spec: object,
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns, generation, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: {} },
      ...spec,
    },
    status,
  };
}

export const nodes = [
  node('ip-10-0-1-10.ec2.internal', 'True', 'KubeletReady'),
  node('ip-10-0-2-20.ec2.internal', 'False', 'KubeletNotReady'),
  node('ip-10-0-3-30.ec2.internal', 'Unknown', 'NodeStatusUnknown'),
];

export const workloads = [
  workload(
    'Deployment',
    'istio-system',
    'istiod',
    4,
    { replicas: 2 },
    {
      observedGeneration: 4,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    },
  ),
  workload(
    'Deployment',
    'istio-system',
    'istio-ingressgateway',
    5,
    { replicas: 3 },
    {
      observedGeneration: 4,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    },
  ),
  workload(
    'DaemonSet',
    'logging',
    'promtail',
    2,
    {},
    {
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberReady: 2,
      numberAvailable: 2,
      numberMisscheduled: 0,
    },
  ),
  workload(
    'StatefulSet',
    'logging',
    'loki',
    1,
    { replicas: 1, serviceName: 'loki' },
    {
      observedGeneration: 1,
      replicas: 1,
      readyReplicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
    },
  ),
];

export const pods = [
  pod('istio-system', 'istiod-7d4b9c8f6-abcde', { app: 'istiod', 'pod-template-hash': '7d4b9c8f6' }, [
    ['discovery', 0],
  ]),
  pod('istio-system', 'istiod-7d4b9c8f6-fghij', { app: 'istiod', 'pod-template-hash': '7d4b9c8f6' }, [
    ['discovery', 1],
  ]),
  pod('logging', 'promtail-x8k2p', { app: 'promtail' }, [['promtail', 0]]),
  pod('logging', 'promtail-q7w3z', { app: 'promtail' }, [['promtail', 2]]),
  pod('logging', 'promtail-m4n5b', { app: 'promtail' }, [['promtail', 7, 'CrashLoopBackOff']]),
  pod('logging', 'loki-0', { app: 'loki' }, [['loki', 0]]),
  pod('default', 'web-1', { app: 'web', 'istio.io/rev': 'default' }, [
    ['web', 0],
    ['istio-proxy', 0],
  ]),
  pod('default', 'batch-1', { app: 'batch' }, [['batch', 0]]),
];

function helmRelease(
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
        spec: { chart: name, version: '1.20.0', sourceRef: { kind: 'HelmRepository', name: 'istio' } },
      },
    },
    status,
  };
}

const ready = (status: string, reason: string, message = '') => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: T,
});
const history = (chartVersion: string) => [
  { chartName: 'istiod', chartVersion, appVersion: '1.20.0', status: 'deployed', version: 7 },
];

export const helmReleases = [
  helmRelease('done', 3, {
    observedGeneration: 3,
    conditions: [ready('True', 'UpgradeSucceeded', 'Helm upgrade succeeded')],
    history: history('1.20.0+8f0e3c2a1b4d'),
  }),
  helmRelease('generation-pending', 4, {
    observedGeneration: 3,
    conditions: [ready('True', 'UpgradeSucceeded')],
    history: history('1.19.4'),
  }),
  helmRelease('not-ready', 3, {
    observedGeneration: 3,
    conditions: [ready('Unknown', 'Progressing', "Running 'upgrade' action with timeout of 5m0s")],
    history: history('1.19.4'),
  }),
  helmRelease('stalled', 3, {
    observedGeneration: 3,
    conditions: [
      ready('False', 'UpgradeFailed'),
      {
        type: 'Stalled',
        status: 'True',
        reason: 'RetriesExceeded',
        message: 'Failed to upgrade after 3 attempt(s)',
      },
    ],
    history: history('1.19.4'),
  }),
  helmRelease('remediated', 3, {
    observedGeneration: 3,
    conditions: [
      ready(
        'False',
        'RollbackSucceeded',
        'Helm rollback to previous release flux-system/istiod.v6 with chart istiod@1.19.4 succeeded',
      ),
      { type: 'Remediated', status: 'True', reason: 'RollbackSucceeded', message: 'Helm rollback succeeded' },
    ],
    history: history('1.19.4'),
  }),
  helmRelease('other-version', 3, {
    observedGeneration: 3,
    conditions: [ready('True', 'UpgradeSucceeded')],
    history: history('1.19.4'),
  }),
  helmRelease(
    'beta',
    2,
    {
      observedGeneration: 2,
      conditions: [ready('True', 'ReconciliationSucceeded')],
      lastAppliedRevision: '1.20.0',
      lastAttemptedRevision: '1.20.0',
    },
    'helm.toolkit.fluxcd.io/v2beta2',
  ),
];

function application(name: string, status: Record<string, unknown>): KubeObject {
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

const op = (phase: string, message: string) => ({
  phase,
  message,
  startedAt: T,
  syncResult: { revision: '1.20.0' },
});

export const applications = [
  application('done', {
    sync: { status: 'Synced', revision: '1.20.0' },
    health: { status: 'Healthy' },
    operationState: op('Succeeded', 'successfully synced (all tasks run)'),
  }),
  application('out-of-sync', {
    sync: { status: 'OutOfSync', revision: '1.19.4' },
    health: { status: 'Healthy' },
    operationState: op('Succeeded', 'successfully synced'),
  }),
  application('degraded', {
    sync: { status: 'Synced', revision: '1.20.0' },
    health: { status: 'Degraded', message: 'Deployment "istiod" exceeded its progress deadline' },
    operationState: op('Succeeded', 'successfully synced'),
  }),
  application('failed', {
    sync: { status: 'OutOfSync', revision: '1.19.4' },
    health: { status: 'Healthy' },
    operationState: op(
      'Failed',
      'one or more objects failed to apply, reason: admission webhook denied the request',
    ),
  }),
];

/** A fresh deep copy of everything, so tests that patch do not leak into each other. */
export function clusterObjects(): KubeObject[] {
  return structuredClone([...nodes, ...workloads, ...pods, ...helmReleases, ...applications]);
}
