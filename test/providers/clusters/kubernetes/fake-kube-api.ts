import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { KubeObject } from '../../../../src/ports/clusters.ts';
import { type KubeStore, route } from './kube-routes.ts';
import { badRequest, type KubeAnswer, unauthorized } from './kube-status.ts';

const TLS = join(import.meta.dirname, '../../../fixtures/tls');
/** Base64 of the fixture CA, as `caData` in fleet.yaml or a kubeconfig carries it. */
export const CA_DATA = readFileSync(join(TLS, 'ca.crt')).toString('base64');

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
  /** Answers for the next authorised requests (not /readyz), in order, before the store sees them. */
  faults: (KubeAnswer & { headers?: Record<string, string> })[];
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
    faults: [] as (KubeAnswer & { headers?: Record<string, string> })[],
    revision: 100,
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

type State = KubeStore & Pick<FakeKubeApi, 'readyz' | 'requests' | 'tokens' | 'faults'>;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    ...headers,
  });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
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
    const answer = unauthorized();
    return send(res, answer.status, answer.body);
  }
  if (url.pathname === '/readyz') return send(res, state.readyz.status, state.readyz.body);
  const fault = state.faults.shift();
  if (fault) return send(res, fault.status, fault.body, fault.headers);
  if (url.pathname === '/version') {
    return send(res, 200, {
      major: '1',
      minor: '29+',
      gitVersion: 'v1.29.3-eks-adc7111',
      platform: 'linux/amd64',
    });
  }
  const body = req.method === 'PATCH' ? await readBody(req) : undefined;
  if (body instanceof Error) return send(res, 400, badRequest(body.message).body);
  const answer = route(state, req.method ?? 'GET', url, body, req.headers['content-type']);
  return send(res, answer.status, answer.body);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    return new Error(`error decoding patch: ${(err as Error).message}`);
  }
}
