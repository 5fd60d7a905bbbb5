import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A non-2xx answer from the API server, with its status for the caller to explain. */
export class HttpStatusError extends Error {
  readonly status: number;
  /** The answer's headers (lower-case names), e.g. a 429's Retry-After. */
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpStatusError';
    this.status = status;
    this.headers = headers;
  }
}

/** Largest body GUARD reads from one API call; a list beyond this should be narrowed by a selector. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/**
 * GET an API path (`/readyz`, `/version`, a list) with the context's TLS and credentials, answering
 * the raw body. The generated clients deserialise into typed classes, which is wrong for endpoints
 * that are not objects and for lists GUARD hands on as raw JSON.
 */
export async function rawGet(
  kc: KubeConfig,
  path: string,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error(`kubeconfig context ${kc.getCurrentContext()} names no cluster server`);
  const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
  const opts: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...opts, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES)
          req.destroy(new Error(`answer to GET ${path} exceeds ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: Object.fromEntries(
            Object.entries(res.headers).map(([name, value]) => [name, String(value)]),
          ),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** `rawGet` that insists on 2xx and parses JSON. */
export async function getJson<T>(kc: KubeConfig, path: string): Promise<T> {
  const { status, body, headers } = await rawGet(kc, path);
  if (status < 200 || status > 299)
    throw new HttpStatusError(status, `GET ${path}: ${status} ${body.slice(0, 200)}`, headers);
  return JSON.parse(body) as T;
}
