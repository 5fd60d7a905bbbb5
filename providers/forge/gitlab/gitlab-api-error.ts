/**
 * A GitLab answer other than 2xx, with what the retry layer needs to decide (status, headers) and
 * GitLab's own message. The request path is kept; the token never is (it travels in a header).
 */
export class GitLabApiError extends Error {
  override name = 'GitLabApiError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly description: string;

  constructor(input: {
    method: string;
    path: string;
    status: number;
    headers: Record<string, string>;
    description: string;
  }) {
    super(`GitLab answered ${input.status} to ${input.method} ${input.path}: ${input.description}`);
    this.status = input.status;
    this.headers = input.headers;
    this.description = input.description;
  }
}

/** True for a GitLab answer with this status (and, when given, a reason matching `reason`). */
export function isGitLabError(error: unknown, status: number, reason?: RegExp): error is GitLabApiError {
  return (
    error instanceof GitLabApiError && error.status === status && (!reason || reason.test(error.description))
  );
}
