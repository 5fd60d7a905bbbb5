import { ApiException } from '@kubernetes/client-node';
import { retryAfter } from '../../../src/util/retry-after.ts';
import type { Classified } from '../../../src/util/with-retry.ts';
import { HttpStatusError } from './raw-get.ts';

/** Connection failures worth another try: a reset, a refused port while an API server restarts, DNS. */
const TRANSIENT_NETWORK = /ECONNRESET|ECONNREFUSED|EAI_AGAIN|EPIPE|socket hang up/i;

/**
 * How GUARD's retry policy reads a failed Kubernetes API call (the Kubernetes API reference,
 * "Status" and "API Priority and Fairness"): a 429 TooManyRequests waits its `Retry-After`, a
 * 500 InternalError, 502, 503 ServiceUnavailable or 504 Timeout is transient, and so is a dropped
 * or refused connection (an API server restarting under an EKS control-plane upgrade). A 401, 403,
 * 404, 409 or 422 is the cluster's answer about GUARD's request; a TLS failure or the 15 s request
 * timeout is not tried again either.
 */
export function classifyKubernetesFailure(now: () => number): (error: unknown) => Classified {
  return (error) => {
    const answer =
      error instanceof ApiException
        ? { status: error.code, headers: lowerCased(error.headers) }
        : error instanceof HttpStatusError
          ? { status: error.status, headers: error.headers }
          : undefined;
    if (!answer) {
      const message =
        error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : '';
      return TRANSIENT_NETWORK.test(message) ? { kind: 'retry', reason: 'network' } : { kind: 'terminal' };
    }
    const named = retryAfter(answer.headers['retry-after'], now());
    if (answer.status === 429)
      return named !== undefined
        ? { kind: 'rate-limited', reason: 'rate-limit', afterMs: named }
        : { kind: 'retry', reason: 'rate-limit' };
    if ([500, 502, 503, 504].includes(answer.status))
      return { kind: 'retry', reason: 'server-error', ...(named !== undefined && { afterMs: named }) };
    return { kind: 'terminal' };
  };
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
