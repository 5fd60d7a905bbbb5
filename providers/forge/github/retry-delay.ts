/** What the retry layer needs to know about a failed GitHub response. */
export interface FailedResponse {
  status: number;
  headers: Record<string, string | number | undefined>;
  message: string;
}

/** The least GitHub asks us to wait after a secondary limit that names no time (its docs: ≥ 1 minute). */
export const SECONDARY_FLOOR_MS = 60_000;

const header = (r: FailedResponse, name: string): number | undefined => {
  const value = r.headers[name];
  const n = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** Primary (quota spent) or secondary (abuse detection) limit, as GitHub signals them on 403/429. */
export function isRateLimited(r: FailedResponse): boolean {
  if (r.status !== 403 && r.status !== 429) return false;
  return (
    r.status === 429 ||
    r.headers['retry-after'] !== undefined ||
    header(r, 'x-ratelimit-remaining') === 0 ||
    /secondary rate limit|rate limit exceeded|abuse/i.test(r.message)
  );
}

/**
 * How long to wait before try `attempt + 1` (attempt counts from 1), or undefined when the failure is
 * not worth retrying. Order from GitHub's guidance: `retry-after`, then `x-ratelimit-reset` when the
 * quota is spent, then at least a minute, doubling; server errors back off from one second.
 */
export function retryDelay(r: FailedResponse, attempt: number, nowMs: number): number | undefined {
  if (r.status >= 500) return 1000 * 2 ** (attempt - 1);
  if (!isRateLimited(r)) return undefined;
  const retryAfter = header(r, 'retry-after');
  if (retryAfter !== undefined) return retryAfter * 1000;
  const reset = header(r, 'x-ratelimit-reset');
  if (header(r, 'x-ratelimit-remaining') === 0 && reset !== undefined) {
    return Math.max(0, reset * 1000 - nowMs) + 1000;
  }
  return SECONDARY_FLOOR_MS * 2 ** (attempt - 1);
}
