import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KubeObject } from '../../../../src/ports/clusters.ts';
import { matchesSelector } from './label-selector.ts';

const TLS = join(import.meta.dirname, '../../../fixtures/tls');
/** Base64 of the fixture CA, as `caData` in fleet.yaml or a kubeconfig carries it. */
export const CA_DATA = readFileSync(join(TLS, 'ca.crt')).toString('base64');

/** Resources the fake serves: kind → plural, scope, and the group/versions it answers under. */
const RESOURCES = [
  { kind: 'Node', plural: 'nodes', namespaced: false, group: '', versions: ['v1'] },
  { kind: 'Namespace', plural: 'namespaces', namespaced: false, group: '', versions: ['v1'] },
  { kind: 'Pod', plural: 'pods', namespaced: true, group: '', versions: ['v1'] },
  { kind: 'Deployment', plural: 'deployments', namespaced: true, group: 'apps', versions: ['v1'] },
  { kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, group: 'apps', versions: ['v1'] },
  { kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, group: 'apps', versions: ['v1'] },
  {
    kind: 'HelmRelease',
    plural: 'helmreleases',
    namespaced: true,
    group: 'helm.toolkit.fluxcd.io',
    versions: ['v2', 'v2beta2', 'v2beta1'],
  },
  {
    kind: 'Application',
    plural: 'applications',
    namespaced: true,
    group: 'argoproj.io',
    versions: ['v1alpha1'],
  },
];

/** A loopback HTTPS Kubernetes API with the fixture certificate, a bearer-token check and a store. */
export interface FakeKubeApi {
  url: string;
  /** Objects by kind; tests edit them between calls. */
  objects: KubeObject[];
  /** Bodies of PATCH requests, with their paths, in arrival order. */
  patches: { path: string; body: unknown }[];
  /** Answer of `/readyz?verbose`. */
  readyz: { status: number; body: string };
  /** Requests seen, as `METHOD path?query`. */
  requests: string[];
  /** API groups to act as if their CRDs were not installed. */
  absentGroups: string[];
  /** Bearer tokens presented, in order of first appearance. */
  tokens: string[];
  /** Largest page a list returns whatever `limit` asks, to make clients follow `continue`. */
  pageSize: number;
  close(): Promise<void>;
}

/** A fixed bearer token, or a check of one (as EKS replays a presigned URL against STS). */
export type TokenCheck = string | ((token: string) => boolean);

/** Starts the fake; it accepts only a bearer token passing `token` and answers 401 otherwise. */
export async function startFakeKubeApi(token: TokenCheck, objects: KubeObject[]): Promise<FakeKubeApi> {
  const state = {
    objects,
    patches: [] as { path: string; body: unknown }[],
    readyz: { status: 200, body: '[+]ping ok\n[+]etcd ok\nreadyz check passed' },
    requests: [] as string[],
    pageSize: 500,
    tokens: [] as string[],
    absentGroups: [] as string[],
  };
  const server = createServer(
    { cert: readFileSync(join(TLS, 'server.crt')), key: readFileSync(join(TLS, 'server.key')) },
    (req, res) => void handle(state, token, req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { url: `https://127.0.0.1:${port}`, close: () => close(server) });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

type State = Pick<
  FakeKubeApi,
  'objects' | 'patches' | 'readyz' | 'requests' | 'pageSize' | 'tokens' | 'absentGroups'
>;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function authorized(state: State, check: TokenCheck, header: string | undefined): boolean {
  const presented = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!presented) return false;
  if (!state.tokens.includes(presented)) state.tokens.push(presented);
  return typeof check === 'string' ? presented === check : check(presented);
}

async function handle(state: State, token: TokenCheck, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'https://fake');
  state.requests.push(`${req.method} ${url.pathname}${url.search}`);
  if (!authorized(state, token, req.headers.authorization)) {
    return send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
  }
  if (url.pathname === '/readyz') return send(res, state.readyz.status, state.readyz.body);
  if (url.pathname === '/version') {
    return send(res, 200, {
      major: '1',
      minor: '29+',
      gitVersion: 'v1.29.3-eks-adc7111',
      platform: 'linux/amd64',
    });
  }
  const body = req.method === 'PATCH' ? await readBody(req) : undefined;
  const answer = route(state, req.method ?? 'GET', url, body, req.headers['content-type']);
  return send(res, answer.status, answer.body);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** `/api/v1/…` or `/apis/<group>/<version>/…`: discovery, a collection, or one object. */
function route(state: State, method: string, url: URL, body: unknown, contentType?: string) {
  const parts = url.pathname.split('/').filter(Boolean);
  const [group, version, rest] =
    parts[0] === 'api' ? ['', parts[1], parts.slice(2)] : [parts[1] ?? '', parts[2], parts.slice(3)];
  if (state.absentGroups.includes(group))
    return { status: 404, body: statusBody(404, 'NotFound', '404 page not found') };
  if (parts[0] === 'apis' && version === undefined) return groupDiscovery(group);
  if (!version)
    return {
      status: 404,
      body: statusBody(404, 'NotFound', 'the server could not find the requested resource'),
    };
  const served = RESOURCES.filter((r) => r.group === group && r.versions.includes(version));
  if (rest.length === 0) {
    const groupVersion = group ? `${group}/${version}` : version;
    const resources = served.flatMap((r) => [
      { name: r.plural, kind: r.kind, namespaced: r.namespaced, verbs: ['get', 'list', 'patch'] },
      { name: `${r.plural}/status`, kind: r.kind, namespaced: r.namespaced, verbs: ['get'] },
    ]);
    return { status: 200, body: { kind: 'APIResourceList', groupVersion, resources } };
  }
  const [namespace, plural, name] =
    rest[0] === 'namespaces' && rest.length > 2 ? [rest[1], rest[2], rest[3]] : [undefined, rest[0], rest[1]];
  const resource = served.find((r) => r.plural === plural);
  if (!resource) return { status: 404, body: statusBody(404, 'NotFound', `no resource ${plural}`) };
  const inScope = state.objects.filter(
    (o) => o.kind === resource.kind && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (name === undefined) return list(resource.kind, inScope, url.searchParams, state.pageSize);
  const found = inScope.find((o) => o.metadata.name === name);
  if (!found) return { status: 404, body: statusBody(404, 'NotFound', `${plural} "${name}" not found`) };
  if (method === 'PATCH') {
    if (contentType !== 'application/merge-patch+json')
      return { status: 415, body: statusBody(415, 'UnsupportedMediaType', String(contentType)) };
    state.patches.push({ path: url.pathname, body });
    mergePatch(found as unknown as Record<string, unknown>, body as Record<string, unknown>);
    found.metadata.generation = (found.metadata.generation ?? 1) + 1;
  }
  return { status: 200, body: found };
}

function groupDiscovery(group: string) {
  const versions = RESOURCES.find((r) => r.group === group)?.versions;
  if (!versions) return { status: 404, body: statusBody(404, 'NotFound', `no group ${group}`) };
  const entries = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return {
    status: 200,
    body: { kind: 'APIGroup', name: group, versions: entries, preferredVersion: entries[0] },
  };
}

/** A list honouring `labelSelector`, and `limit`/`continue` as an offset, as the real API pages. */
function list(kind: string, objects: KubeObject[], params: URLSearchParams, pageSize: number) {
  const selector = params.get('labelSelector') ?? '';
  const matching = objects.filter((o) => matchesSelector(selector, o.metadata.labels ?? {}));
  const from = Number(params.get('continue') ?? 0);
  const limit = Math.min(Number(params.get('limit') ?? pageSize) || pageSize, pageSize);
  const items = matching.slice(from, from + limit).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  const more = from + limit < matching.length ? String(from + limit) : undefined;
  return {
    status: 200,
    body: {
      kind: `${kind}List`,
      apiVersion: 'v1',
      metadata: { resourceVersion: '1', ...(more ? { continue: more } : {}) },
      items,
    },
  };
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
