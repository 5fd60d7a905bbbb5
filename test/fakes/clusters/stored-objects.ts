import { type KubeObject, type ObjectQuery, RESTARTED_AT } from '../../../src/ports/clusters.ts';
import { matchesSelector } from './label-selector.ts';
import { SERVED_KINDS, splitApiVersion } from './served-kinds.ts';
import { parseRef } from './workload-status.ts';

/**
 * Objects of one kind, as the API server lists them: any stored version of the kind's group,
 * answered at the version asked; a namespace narrows only a namespaced kind; a label selector
 * (equality and set-based) filters; copies, so a caller editing its answer changes nothing. A kind
 * the cluster does not serve is an error: the built-ins and GitOps CRDs both fakes serve, plus any
 * kind the cluster holds objects of (their CRD must be installed), minus groups not installed.
 */
export function listStored(objects: readonly KubeObject[], q: ObjectQuery, unserved: readonly string[]) {
  const { group, version } = splitApiVersion(q.apiVersion);
  const sameKind = (o: KubeObject) =>
    o.kind === q.kind && splitApiVersion(o.apiVersion ?? '').group === group;
  const known = SERVED_KINDS.find(
    (k) => k.kind === q.kind && k.group === group && k.versions.includes(version),
  );
  const served =
    !unserved.includes(group) &&
    (known !== undefined || objects.some((o) => o.apiVersion === q.apiVersion && o.kind === q.kind));
  if (!served)
    throw new Error(`the API server serves no ${q.kind} in ${q.apiVersion}; check apiVersion and kind`);
  const namespaced =
    known?.namespaced ?? objects.some((o) => sameKind(o) && o.metadata.namespace !== undefined);
  return objects
    .filter(
      (o) =>
        sameKind(o) &&
        (!namespaced || q.namespace === undefined || o.metadata.namespace === q.namespace) &&
        matchesSelector(q.labelSelector ?? '', o.metadata.labels ?? {}),
    )
    .map((o) => ({ ...structuredClone(o), apiVersion: q.apiVersion, kind: q.kind }));
}

/** Nodes whose Ready condition is not True (False, Unknown, or missing). */
export function notReadyNodes(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'Node')
    .filter((o) => {
      const conditions = (o.status?.conditions ?? []) as { type?: string; status?: string }[];
      return conditions.find((c) => c.type === 'Ready')?.status !== 'True';
    })
    .map((o) => o.metadata.name);
}

/** The stored workload a ref names in `namespace`, if the cluster holds it. */
export function findWorkload(objects: readonly KubeObject[], namespace: string, ref: string) {
  const { kind, name } = parseRef(ref);
  return objects.find(
    (o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace,
  );
}

/**
 * A rolling restart as `kubectl rollout restart` does it: the pod template's restartedAt annotation
 * set to `at`. The template is the desired state, so a new value moves the generation and the same
 * value changes nothing (a second restart at the same moment rolls nothing). The fake's controllers
 * act at once: a workload that had observed its generation observes the new one too.
 */
export function stampRestart(target: KubeObject, at: string): void {
  const spec = (target.spec ?? {}) as { template?: { metadata?: { annotations?: Record<string, string> } } };
  const template = spec.template ?? {};
  const metadata = template.metadata ?? {};
  if (metadata.annotations?.[RESTARTED_AT] === at) return;
  metadata.annotations = { ...metadata.annotations, [RESTARTED_AT]: at };
  template.metadata = metadata;
  spec.template = template;
  target.spec = spec;
  const before = target.metadata.generation ?? 1;
  target.metadata.generation = before + 1;
  const status = target.status as { observedGeneration?: number } | undefined;
  if (status?.observedGeneration === before) status.observedGeneration = before + 1;
}
