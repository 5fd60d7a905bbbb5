import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A check of the `X-Gitlab-Token` header against the webhook's secret token that takes the same
 * time whatever the header holds: both sides are hashed to equal-length digests first, so neither
 * the token's content nor its length leaks through timing.
 */
export function createTokenCheck(secret: string): (header: string | string[] | undefined) => boolean {
  const expected = digest(secret);
  return (header) => typeof header === 'string' && timingSafeEqual(digest(header), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
