import { client } from '@datadog/datadog-api-client';
import { withRetry } from '../../../src/util/with-retry.ts';
import type { MetricsLogger } from '../api.ts';
import type { DatadogRetry } from './classify-failure.ts';
import { classifyDatadogFailure, DatadogAnswer, readRateLimit } from './classify-failure.ts';

/**
 * The SDK's HTTP library (`httpApi`) under the one retry policy: each try is one request through
 * the SDK's own fetch-based library (its retry off), a 429 or 5xx is classified by Datadog's
 * headers, a short wait is taken in place and a long one ends the call with a RateLimitedError —
 * thrown here, outside the SDK's library, which would log it. When the tries run out, the last
 * answer goes back to the SDK, which turns it into its ApiException for datadogError to word.
 * Only the path and the headers' figures are logged: the keys travel in request headers.
 */
export function retryingHttp(
  fetch: typeof globalThis.fetch,
  retry: DatadogRetry,
  logger: MetricsLogger,
): client.HttpLibrary {
  const inner = new client.IsomorphicFetchHttpLibrary();
  inner.fetch = fetch;
  inner.enableRetry = false;
  return {
    async send(request) {
      const path = new URL(request.getUrl()).pathname;
      const what = `${request.getHttpMethod()} ${path}`;
      let previous: client.ResponseContext | undefined;
      try {
        return await withRetry(
          async () => {
            // Release the unread body of the answer that is being retried.
            if (previous) previous.body.text().catch(() => {});
            const response = await inner.send(request);
            const limit = readRateLimit(response.headers);
            if (limit.remaining !== undefined) logger.debug({ path, ...limit }, 'datadog rate limit');
            if (response.httpStatusCode !== 429 && response.httpStatusCode < 500) return response;
            previous = response;
            throw new DatadogAnswer(what, response);
          },
          { ...retry, client: 'datadog', what, classify: classifyDatadogFailure },
        );
      } catch (error) {
        if (error instanceof DatadogAnswer) return error.response;
        throw error;
      }
    },
  };
}
