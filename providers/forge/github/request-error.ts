/** What GUARD keeps of a failed GitHub response. */
export interface FailedResponse {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string;
}

/** One entry of a 422 "Validation Failed" body's `errors` (GitHub's REST docs, client errors). */
export interface ValidationItem {
  resource?: string;
  field?: string;
  code?: string;
  message?: string;
}

/** What GitHub said about a request it refused: `message` and, for validation failures, `errors`. */
export interface GitHubSaid {
  message: string;
  errors: ValidationItem[];
}

/** A request GitHub answered with an error we do not retry (or no longer retry). */
export class GitHubRequestError extends Error {
  override name = 'GitHubRequestError';
  readonly status: number;
  /** GitHub's own words, for callers that handle a documented error (e.g. "Reference already exists"). */
  readonly said: GitHubSaid;
  /**
   * GitHub refused the request for good though the status does not say so: a GraphQL document it
   * cannot run is answered with HTTP 200. The engine abandons such an action instead of retrying it.
   */
  readonly refused: boolean;
  constructor(message: string, status: number, said: GitHubSaid = { message, errors: [] }, refused = false) {
    super(message);
    this.status = status;
    this.said = said;
    this.refused = refused;
  }
}

/** An Octokit RequestError as GUARD reports it; anything without an HTTP status is not one. */
export function asFailure(error: unknown): (FailedResponse & { said: GitHubSaid }) | undefined {
  const e = error as { status?: unknown; response?: { headers?: object; data?: unknown } };
  if (typeof e?.status !== 'number') return undefined;
  const data = (e.response?.data ?? {}) as { message?: unknown; errors?: unknown };
  const said = {
    message: typeof data.message === 'string' ? data.message : String(error),
    errors: Array.isArray(data.errors) ? (data.errors as ValidationItem[]) : [],
  };
  const details = said.errors
    .map((x) =>
      typeof x === 'string' ? x : (x.message ?? [x.resource, x.field, x.code].filter(Boolean).join(' ')),
    )
    .filter(Boolean);
  const message = details.length ? `${said.message}: ${details.join('; ')}` : said.message;
  return { status: e.status, headers: { ...(e.response?.headers ?? {}) }, message, said };
}

/** The error for a request given up on: what GitHub said and, for limits and outages, what happens next. */
export function giveUp(label: string, failure: FailedResponse & { said: GitHubSaid }, attempt: number) {
  const tries = attempt > 1 ? ` after ${attempt} tries` : '';
  // Limits never get here: the retry policy hands them on as a RateLimitedError with GitHub's wait.
  const hint =
    failure.status >= 500
      ? '; GitHub is failing for this installation: GUARD will try again on the next reconcile'
      : '';
  return new GitHubRequestError(
    `GitHub ${label} answered ${failure.status}${tries}: ${failure.message}${hint}`,
    failure.status,
    failure.said,
  );
}

/** `error` is GitHub's answer `status` (any when omitted) whose message or an error item matches `pattern`. */
export function githubSaid(error: unknown, status: number, pattern: RegExp): boolean {
  if (!(error instanceof GitHubRequestError) || error.status !== status) return false;
  return (
    pattern.test(error.said.message) || error.said.errors.some((x) => pattern.test(x.message ?? x.code ?? ''))
  );
}
