/**
 * How a sink tells a failed delivery worth another try from one that needs a person, and names a
 * network failure without the URL it was for (a Slack webhook URL is itself the credential).
 */
export function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** The cause from a thrown value, for errors that must not carry a URL: a code like ECONNREFUSED. */
export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  if ((error as Error | undefined)?.name === 'AbortError') return 'aborted (no answer in time)';
  return typeof code === 'string' ? code : 'network error';
}
