import { client } from '@datadog/datadog-api-client';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';

/** What a caller can do about each refusal, by HTTP status. */
const HINTS: Record<number, string> = {
  400: 'check the query',
  401: 'check DD_API_KEY',
  403: 'check DD_API_KEY, DD_APP_KEY and the application key’s scopes',
  429: 'rate limit still exceeded after retries; try again later',
};

/**
 * A Datadog API refusal: the status and Datadog's own `errors` list. Built from the SDK's
 * `ApiException` (code and body) rather than its message text.
 */
export class DatadogApiError extends Error {
  override readonly name = 'DatadogApiError';

  readonly action: string;
  readonly status: number;
  readonly errors: readonly string[];

  constructor(action: string, status: number, errors: readonly string[]) {
    const detail = errors.length > 0 ? `: ${errors.join('; ').slice(0, 500)}` : '';
    const hint = HINTS[status] ?? (status >= 500 ? 'a Datadog server error; try again later' : undefined);
    super(`${action}: HTTP ${status}${detail}${hint ? ` (${hint})` : ''}`);
    this.action = action;
    this.status = status;
    this.errors = errors;
  }

  /** A 429 or 5xx: worth trying again later, unlike a refused query or key. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/**
 * `error` as thrown by an SDK call, named after `action`. For the status codes an endpoint
 * documents, the SDK hands over the parsed `APIErrorResponse` (`{"errors": [...]}`); for others its
 * body is the raw text, kept as one entry.
 */
export function datadogError(action: string, error: unknown): Error {
  // A limit longer than the policy waits in place goes to the engine as it is (a requeue).
  if (error instanceof RateLimitedError) return error;
  if (!(error instanceof client.ApiException)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`${action}: ${reason}`, { cause: error });
  }
  const exception = error as client.ApiException<unknown>;
  return new DatadogApiError(action, exception.code, errorsOf(exception.body));
}

function errorsOf(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (Array.isArray(errors)) return errors.map(String);
  if (typeof body === 'string' && body.trim() !== '') return errorsInText(body);
  return [];
}

/**
 * For a status an endpoint does not document, the SDK hands over "Unknown API Status Code!" and
 * Datadog's raw body; Datadog's `{"errors": [...]}` inside it is what a person needs to read.
 */
function errorsInText(text: string): string[] {
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  try {
    const errors = (JSON.parse(json) as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) return errors.map(String);
  } catch {
    // not JSON: keep the text as it came
  }
  return [text.trim().replace(/\s+/g, ' ')];
}
