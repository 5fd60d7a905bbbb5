import type { ReleaseRef } from '../ports/clusters.ts';

/**
 * The GitOps object that deploys a version field, from the planner's resource text:
 * `HelmRelease ns/name`, `OCIRepository ns/x (chartRef of HelmRelease ns/name)`, `Application ns/name`.
 * Kustomize fields have no such object: undefined (their apply is judged by workload health alone).
 */
export function releaseOf(resource: string, defaultNamespace = 'default'): ReleaseRef | undefined {
  const via = /\(chartRef of (HelmRelease) ([^)]+)\)$/.exec(resource);
  const match = via ?? /^(HelmRelease|Application) (\S+)$/.exec(resource);
  if (!match) return undefined;
  const qualified = match[2]!;
  const slash = qualified.indexOf('/');
  const namespace = slash >= 0 ? qualified.slice(0, slash) : defaultNamespace;
  const name = slash >= 0 ? qualified.slice(slash + 1) : qualified;
  return { kind: match[1] as ReleaseRef['kind'], namespace, name };
}
