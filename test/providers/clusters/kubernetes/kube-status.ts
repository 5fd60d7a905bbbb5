/**
 * `Status` bodies as the API server answers failures (meta/v1 Status, Kubernetes API reference
 * "Status"; messages as k8s.io/apimachinery/pkg/api/errors words them).
 */
export interface KubeAnswer {
  status: number;
  body: unknown;
}

function status(code: number, reason: string, message: string, details?: object): KubeAnswer {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
  };
}

export const unauthorized = () => status(401, 'Unauthorized', 'Unauthorized');

/** errors.NewNotFound: `deployments.apps "x" not found`, details naming group, resource and name. */
export function notFound(group: string, plural: string, name: string): KubeAnswer {
  const resource = group ? `${plural}.${group}` : plural;
  return status(404, 'NotFound', `${resource} "${name}" not found`, { name, group, kind: plural });
}

/** What the server answers for a path it does not serve (an absent group, version or resource). */
export const noSuchPath = () =>
  status(404, 'NotFound', 'the server could not find the requested resource', {});

/** errors.NewMethodNotSupported. */
export const methodNotAllowed = (plural: string, method: string) =>
  status(405, 'MethodNotAllowed', `${method} is not supported on resources of kind "${plural}"`, {});

/** A patch body type the resource does not take (custom resources take no strategic merge patch). */
export const unsupportedPatch = (accepted: readonly string[]) =>
  status(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

/** errors.NewInternalError: used for what the fake itself cannot do, so a test fails loudly. */
export const internalError = (message: string) =>
  status(500, 'InternalError', `Internal error occurred: ${message}`);

/** errors.NewBadRequest: an undecodable body. */
export const badRequest = (message: string) => status(400, 'BadRequest', message);

/**
 * errors.NewTooManyRequests as API Priority and Fairness answers it: 429, reason TooManyRequests,
 * details.retryAfterSeconds, and the same wait in a Retry-After header.
 */
export function tooManyRequests(retryAfterSeconds: number): KubeAnswer & { headers: Record<string, string> } {
  return {
    ...status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }),
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

/** errors.NewServiceUnavailable: 503, reason ServiceUnavailable (an API server without etcd, a restart). */
export const serviceUnavailable = (): KubeAnswer =>
  status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
