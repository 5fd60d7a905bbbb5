import type { ReleaseRef } from '../ports/clusters.ts';

/**
 * Argo CD watches Applications in its own namespace unless "apps in any namespace" is turned on,
 * so an Application written without a namespace lives there.
 */
const ARGO_NAMESPACE = 'argocd';

/**
 * The GitOps object whose reconcile state tells whether a version field is live, from the
 * planner's `resource` label: `HelmRelease ns/name`, `Application ns/name`, or
 * `OCIRepository ns/name (chartRef of HelmRelease ns/name)` (the HelmRelease applies it); the
 * `Kind/ns/name` spelling is read too.
 * A string saying why not when the field has no such object (Kustomize lists, a HelmRelease whose
 * namespace Git does not say).
 */
export function releaseRefOf(resource: string): ReleaseRef | string {
  const via = /\(chartRef of (HelmRelease [^)]+)\)$/.exec(resource);
  const label = via ? via[1]! : resource;
  const match = /^(HelmRelease|Application)[ /](\S+)$/.exec(label);
  if (!match) return `${resource} has no HelmRelease or Application to read its reconcile state from`;
  const kind = match[1] as ReleaseRef['kind'];
  const [first, second] = match[2]!.split('/');
  if (second !== undefined) return { kind, namespace: first!, name: second };
  if (kind === 'Application') return { kind, namespace: ARGO_NAMESPACE, name: first! };
  return `${label} has no metadata.namespace in Git; set it so GUARD can read its reconcile state`;
}

export function refText(ref: ReleaseRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}
