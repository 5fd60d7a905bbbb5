/**
 * The wait an HTTP `Retry-After` value asks for, in milliseconds: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3), never negative; undefined when the value is absent or neither.
 */
export function retryAfter(value: string | number | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(value));
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** The wait until a reset given in epoch seconds (GitHub's and GitLab's rate-limit reset headers). */
export function untilReset(value: string | number | null | undefined, nowMs: number): number | undefined {
  const seconds = value === undefined || value === null || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? Math.max(0, seconds * 1000 - nowMs) : undefined;
}
