/** A kind a cluster serves: its resource (plural), scope, group and the versions it answers under. */
export interface ServedKind {
  kind: string;
  plural: string;
  namespaced: boolean;
  /** '' for the core group (`/api/v1`). */
  group: string;
  /** Preferred version first, as discovery lists it. */
  versions: string[];
  /** A custom resource (CRD): stored unstructured, so no strategic merge patch and list items keep kind. */
  custom?: boolean;
}

/**
 * The kinds both cluster fakes serve: the built-ins GUARD's providers and failure analysis read (Kubernetes API reference,
 * https://kubernetes.io/docs/reference/kubernetes-api/) and the GitOps CRDs GUARD judges: Flux's
 * HelmRelease (helm.toolkit.fluxcd.io v2, v2beta2, v2beta1) and Argo CD's Application (argoproj.io v1alpha1).
 */
export const SERVED_KINDS: readonly ServedKind[] = [
  { kind: 'Node', plural: 'nodes', namespaced: false, group: '', versions: ['v1'] },
  { kind: 'Namespace', plural: 'namespaces', namespaced: false, group: '', versions: ['v1'] },
  { kind: 'Pod', plural: 'pods', namespaced: true, group: '', versions: ['v1'] },
  { kind: 'Service', plural: 'services', namespaced: true, group: '', versions: ['v1'] },
  { kind: 'ConfigMap', plural: 'configmaps', namespaced: true, group: '', versions: ['v1'] },
  // core/v1 Event (API reference, "Event v1 core"; GET /api/v1/namespaces/{namespace}/events). The
  // same objects are also served as events.k8s.io/v1 by the real server; GUARD reads only core/v1.
  { kind: 'Event', plural: 'events', namespaced: true, group: '', versions: ['v1'] },
  { kind: 'Deployment', plural: 'deployments', namespaced: true, group: 'apps', versions: ['v1'] },
  { kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, group: 'apps', versions: ['v1'] },
  { kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, group: 'apps', versions: ['v1'] },
  { kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, group: 'apps', versions: ['v1'] },
  {
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    group: 'policy',
    versions: ['v1'],
  },
  {
    kind: 'IngressClass',
    plural: 'ingressclasses',
    namespaced: false,
    group: 'networking.k8s.io',
    versions: ['v1'],
  },
  {
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
  },
  {
    kind: 'HelmRelease',
    plural: 'helmreleases',
    namespaced: true,
    group: 'helm.toolkit.fluxcd.io',
    versions: ['v2', 'v2beta2', 'v2beta1'],
    custom: true,
  },
  {
    kind: 'Application',
    plural: 'applications',
    namespaced: true,
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    custom: true,
  },
];

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
