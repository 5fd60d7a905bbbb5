import { buildQueryString, type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/core/protocols';

/** Headers `fetch` sets itself from the URL and the body. */
const OWN = new Set(['host', 'content-length']);

/**
 * The SDK's HTTP layer over `fetch` (Smithy's HttpHandler: `handle(request, { abortSignal })` to a
 * response). The Bedrock Runtime client would use HTTP/2 for its bidirectional streams, which
 * Converse does not need; this keeps GUARD's one HTTP client, injected as everywhere else, so tests
 * intercept it and the signal cuts the request.
 */
export function fetchHandler(fetchFn: typeof fetch): HttpHandler {
  return {
    async handle(request: HttpRequest, options) {
      const query = buildQueryString(request.query ?? {});
      const port = request.port ? `:${request.port}` : '';
      const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
      const headers = Object.entries(request.headers).filter(([name]) => !OWN.has(name.toLowerCase()));
      const response = await fetchFn(url, {
        method: request.method,
        headers,
        body: request.body as RequestInit['body'],
        redirect: 'manual',
        signal: (options?.abortSignal as AbortSignal | undefined) ?? null,
      });
      const body = new Uint8Array(await response.arrayBuffer());
      const answered: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        answered[name] = value;
      });
      return {
        response: new HttpResponse({
          statusCode: response.status,
          reason: response.statusText,
          headers: answered,
          body,
        }),
      };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
}
