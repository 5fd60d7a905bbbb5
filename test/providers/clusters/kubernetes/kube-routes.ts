import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../../../src/ports/clusters.ts';
import { matchesSelector } from '../../../fakes/clusters/label-selector.ts';
import { SERVED_KINDS, type ServedKind } from '../../../fakes/clusters/served-kinds.ts';
import {
  internalError,
  type KubeAnswer,
  methodNotAllowed,
  noSuchPath,
  notFound,
  unsupportedPatch,
} from './kube-status.ts';

/** The part of the fake API server's state the REST routes read and write. */
export interface KubeStore {
  objects: KubeObject[];
  patches: { path: string; body: unknown }[];
  absentGroups: string[];
  pageSize: number;
  /** The store's resourceVersion: bumped by every write, as etcd's revision is. */
  revision: number;
}

const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const APPLY = 'application/apply-patch+yaml';

/** `/api/v1/…` or `/apis/<group>/<version>/…`: discovery, a collection, or one object. */
export function route(
  s: KubeStore,
  method: string,
  url: URL,
  body: unknown,
  contentType?: string,
): KubeAnswer {
  const parts = url.pathname.split('/').filter(Boolean);
  const [group, version, rest] =
    parts[0] === 'api' ? ['', parts[1], parts.slice(2)] : [parts[1] ?? '', parts[2], parts.slice(3)];
  if (s.absentGroups.includes(group)) return noSuchPath();
  if (parts[0] === 'apis' && version === undefined) return groupDiscovery(group);
  if (!version) return noSuchPath();
  const served = SERVED_KINDS.filter((r) => r.group === group && r.versions.includes(version));
  const groupVersion = group ? `${group}/${version}` : version;
  if (rest.length === 0) return resourceList(groupVersion, served);
  const [namespace, plural, name, sub] =
    rest[0] === 'namespaces' && rest.length > 2
      ? [rest[1], rest[2], rest[3], rest[4]]
      : [undefined, rest[0], rest[1], rest[2]];
  const kind = served.find((r) => r.plural === plural);
  if (!kind || sub !== undefined) return noSuchPath();
  const inScope = s.objects.filter(
    (o) => o.kind === kind.kind && (namespace === undefined || o.metadata.namespace === namespace),
  );
  for (const o of inScope) stamp(s, o);
  if (name === undefined) {
    if (method !== 'GET') return methodNotAllowed(plural!, method);
    return list(s, kind, groupVersion, inScope, url.searchParams);
  }
  const found = inScope.find((o) => o.metadata.name === name);
  if (method !== 'GET' && method !== 'PATCH') return methodNotAllowed(plural!, method);
  if (!found) return notFound(group, plural!, name);
  if (method === 'PATCH') {
    const refused = patch(s, kind, found, body, contentType);
    if (refused) return refused;
    s.patches.push({ path: url.pathname, body });
  }
  return { status: 200, body: { ...structuredClone(found), apiVersion: groupVersion, kind: kind.kind } };
}

/** What the server sets on every object it stores (ObjectMeta: uid, resourceVersion, creationTimestamp, generation). */
function stamp(s: KubeStore, o: KubeObject): void {
  const meta = o.metadata as KubeObject['metadata'] & Record<string, unknown>;
  if (meta.resourceVersion === undefined) meta.resourceVersion = String(++s.revision);
  meta.uid ??= `uid-${o.kind}-${meta.namespace ?? ''}-${meta.name}`.toLowerCase();
  meta.creationTimestamp ??= '2024-05-01T10:00:00Z';
  if (o.spec !== undefined) meta.generation ??= 1;
}

/** APIGroup discovery (`GET /apis/<group>`): the versions served, the preferred first. */
function groupDiscovery(group: string): KubeAnswer {
  const versions = SERVED_KINDS.find((r) => r.group === group)?.versions;
  if (!versions) return noSuchPath();
  const entries = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return {
    status: 200,
    body: {
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: group,
      versions: entries,
      preferredVersion: entries[0],
    },
  };
}

/** APIResourceList discovery, with each resource's status subresource listed as the server lists it. */
function resourceList(groupVersion: string, served: readonly ServedKind[]): KubeAnswer {
  if (served.length === 0) return noSuchPath();
  const resources = served.flatMap((r) => [
    {
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: ['get', 'list', 'patch'],
    },
    { name: `${r.plural}/status`, singularName: '', kind: r.kind, namespaced: r.namespaced, verbs: ['get'] },
  ]);
  return { status: 200, body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources } };
}

/**
 * A list (`<Kind>List`, ListMeta with the store's resourceVersion). Without `limit` the server
 * answers everything; with it, pages joined by an opaque `continue` token (here an offset), and
 * `pageSize` caps a page whatever `limit` asks (API concepts, "Retrieving large results sets in
 * chunks"). Items of built-in lists carry no apiVersion/kind; custom resources' items keep theirs.
 */
function list(
  s: KubeStore,
  kind: ServedKind,
  groupVersion: string,
  objects: KubeObject[],
  params: URLSearchParams,
) {
  if (params.has('fieldSelector')) {
    return internalError('the fake API server does not implement field selectors; GUARD sends none');
  }
  const selector = params.get('labelSelector') ?? '';
  const matching = objects.filter((o) => matchesSelector(selector, o.metadata.labels ?? {}));
  const limit = params.has('limit')
    ? Math.min(Number(params.get('limit')) || s.pageSize, s.pageSize)
    : Infinity;
  const from = Number(params.get('continue') ?? 0);
  const page = matching.slice(from, from + limit).map((o) => structuredClone(o));
  const items = page.map(({ apiVersion: _a, kind: _k, ...rest }) =>
    kind.custom ? { apiVersion: groupVersion, kind: kind.kind, ...rest } : rest,
  );
  const more = from + limit < matching.length ? String(from + limit) : undefined;
  return {
    status: 200,
    body: {
      kind: `${kind.kind}List`,
      apiVersion: groupVersion,
      metadata: { resourceVersion: String(s.revision), ...(more ? { continue: more } : {}) },
      items,
    },
  };
}

/**
 * Applies a merge patch (RFC 7386) or, for built-in kinds, a strategic merge patch, which merges maps
 * the same way (GUARD patches only maps). Custom resources take no strategic merge patch: 415. The
 * generation moves only when the desired state does (spec for built-ins, anything but metadata and
 * status for custom resources), the resourceVersion on any change.
 */
function patch(s: KubeStore, kind: ServedKind, target: KubeObject, body: unknown, type?: string) {
  const accepted = kind.custom ? [JSON_PATCH, MERGE, APPLY] : [JSON_PATCH, MERGE, STRATEGIC, APPLY];
  const media = (type ?? '').split(';')[0]!.trim();
  if (!accepted.includes(media)) return unsupportedPatch(accepted);
  if (media === JSON_PATCH || media === APPLY) {
    return internalError(`the fake API server does not implement ${media} patches; GUARD sends none`);
  }
  const before = structuredClone(target);
  mergePatch(target as unknown as Record<string, unknown>, body as Record<string, unknown>);
  const desired = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return kind.custom ? rest : o.spec;
  };
  if (!isDeepStrictEqual(desired(before), desired(target))) {
    target.metadata.generation = (before.metadata.generation ?? 1) + 1;
  }
  if (!isDeepStrictEqual(before, target)) {
    (target.metadata as Record<string, unknown>).resourceVersion = String(++s.revision);
  }
  return undefined;
}

/** RFC 7386 JSON merge patch, in place. */
function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>) {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const child = (typeof target[key] === 'object' && target[key] !== null ? target[key] : {}) as Record<
        string,
        unknown
      >;
      target[key] = child;
      mergePatch(child, value as Record<string, unknown>);
    } else target[key] = value;
  }
}
