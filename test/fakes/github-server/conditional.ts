import { createHash } from 'node:crypto';

/** The installation's primary REST limit the fake reports (docs: rate limits for GitHub Apps). */
export const CORE_LIMIT = 5000;

/**
 * GitHub's conditional requests (docs: "Best practices for using the REST API", use conditional
 * requests): a GET's answer carries an ETag; the same GET sent with that value in If-None-Match,
 * while the resource is unchanged, is answered 304 Not Modified with no body, and such a 304 does
 * not count against the primary rate limit. The ETag here is a weak validator over the body, as
 * GitHub sends for JSON (`W/"…"`); If-None-Match is compared weakly (RFC 9110 13.1.2) and may list
 * several values or `*`.
 */
export async function conditionally(
  request: Request,
  answer: Response,
  meter: { used: number },
): Promise<Response> {
  if (answer.status !== 200) {
    meter.used += 1;
    return answer;
  }
  const body = await answer.clone().arrayBuffer();
  const etag = `W/"${createHash('sha256').update(Buffer.from(body)).digest('hex').slice(0, 32)}"`;
  const asked = request.headers.get('if-none-match');
  const matches = asked
    ?.split(',')
    .some((v) => v.trim() === '*' || v.trim().replace(/^W\//, '') === etag.slice(2));
  if (!matches) meter.used += 1;
  const headers = new Headers(answer.headers);
  headers.set('etag', etag);
  headers.set('x-ratelimit-limit', String(CORE_LIMIT));
  headers.set('x-ratelimit-used', String(meter.used));
  headers.set('x-ratelimit-remaining', String(Math.max(0, CORE_LIMIT - meter.used)));
  headers.set('x-ratelimit-resource', 'core');
  if (matches) {
    headers.delete('content-type');
    headers.delete('content-length');
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: answer.status, statusText: answer.statusText, headers });
}
