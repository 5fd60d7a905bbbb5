import { ApiException } from '@kubernetes/client-node';
import { HttpStatusError } from './raw-get.ts';

/** Who GUARD is on a cluster, for messages: `role arn:aws:iam::…` or `kubeconfig context dev`. */
export interface Identity {
  cluster: string;
  who: string;
}

/** The HTTP status behind an error from either the generated clients or `rawGet`, if any. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  if (err instanceof HttpStatusError) return err.status;
  return undefined;
}

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|timed out|socket hang up/i;
const TLS = /certificate|self[- ]signed|UNABLE_TO_VERIFY|ERR_TLS|alert/i;

/**
 * One line that names the cluster, says what went wrong and what to do: 401/403 name the identity,
 * network and TLS failures name the problem; anything else keeps its own message.
 */
export function failureReason(id: Identity, err: unknown): string {
  const status = statusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (status === 401) {
    return `${id.cluster}: the API server rejected GUARD's credentials (401) as ${id.who}; check that the identity is mapped in the cluster (EKS access entry or aws-auth) and the token is current`;
  }
  if (status === 403) {
    return `${id.cluster}: ${id.who} is forbidden (403) here; grant it read access to nodes, workloads, pods, events and GitOps objects, and patch on workloads to restart`;
  }
  if (status !== undefined) return `${id.cluster}: API answered ${status}: ${message.slice(0, 300)}`;
  if (TLS.test(message)) {
    return `${id.cluster}: TLS failed (${message.slice(0, 200)}); check the cluster CA (caData or the kubeconfig)`;
  }
  if (NETWORK.test(message)) {
    return `${id.cluster}: API server unreachable (${message.slice(0, 200)}); check the endpoint and network path`;
  }
  return `${id.cluster}: ${message.slice(0, 300)}`;
}

/** An error for callers of the port, carrying the explained reason and the original cause. */
export function clusterError(id: Identity, err: unknown): Error {
  return new Error(failureReason(id, err), { cause: err });
}
