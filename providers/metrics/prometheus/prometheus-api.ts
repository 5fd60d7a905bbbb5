import { type RetryDeps, withRetry } from '../../../src/util/with-retry.ts';
import {
  classifyPrometheusFailure,
  PrometheusHttpError,
  PrometheusUnreachableError,
} from './classify-failure.ts';

export interface PrometheusApiOptions {
  /** `PROMETHEUS_URL`, a path prefix included (`http://host:9090/prometheus`). */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  /** Largest answer read (default 32 MiB); a bigger one is an error, not an out-of-memory. */
  maxBytes?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** The one retry policy's waits, jitter and hooks. */
  retry?: RetryDeps;
  /** Epoch milliseconds, to read a Retry-After date (default `Date.now`). */
  now?: () => number;
}

/**
 * A Prometheus `/api/v1/*` answer's `data`, or an error carrying what was asked and Prometheus's
 * text. With a form it POSTs (a wave of many clusters makes a query longer than a URL may be);
 * without, it GETs (`/api/v1/alerts` accepts nothing else).
 */
export type PrometheusApi = (
  path: string,
  form: Record<string, string> | undefined,
  what: string,
) => Promise<unknown>;

/**
 * The HTTP API over `fetch`, reading a size-bounded JSON body, each request under the one retry
 * policy with Prometheus's classifier (classify-failure.ts).
 */
export function createPrometheusApi(options: PrometheusApiOptions): PrometheusApi {
  const classify = classifyPrometheusFailure(options.now ?? Date.now);
  const once = requestOnce(options);
  return (path, form, what) =>
    withRetry(() => once(path, form, what), { ...options.retry, client: 'prometheus', what: path, classify });
}

function requestOnce(options: PrometheusApiOptions): PrometheusApi {
  const { baseUrl, maxBytes = 32 * 1024 * 1024, timeoutMs = 30_000 } = options;
  return async (path, form, what) => {
    const response = await options
      .fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
        method: form ? 'POST' : 'GET',
        headers: form
          ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
          : { accept: 'application/json' },
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      })
      .catch((error: Error) => {
        throw new PrometheusUnreachableError(
          `Prometheus at ${baseUrl} did not answer ${what}: ${error.message}; check PROMETHEUS_URL`,
          error,
        );
      });
    const text = await readBounded(response, maxBytes, what);
    let body: { status?: string; data?: unknown; errorType?: string; error?: string } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok || body?.status !== 'success') {
      const detail = body?.error ? `${body.errorType ?? 'error'}: ${body.error}` : text.slice(0, 300);
      throw new PrometheusHttpError(
        `Prometheus rejected ${what} (HTTP ${response.status}): ${detail}`,
        response.status,
        Object.fromEntries(response.headers.entries()),
      );
    }
    return body.data;
  };
}

async function readBounded(response: Response, maxBytes: number, what: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      // Not awaited: a cancelled stream may settle only when its source ends.
      reader.cancel().catch(() => {});
      throw new Error(
        `Prometheus's answer to ${what} exceeds ${maxBytes} bytes; narrow the query or the window`,
      );
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
