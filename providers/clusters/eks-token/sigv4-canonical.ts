import { createHash, createHmac } from 'node:crypto';

/** Hex SHA-256 of the empty body: what a GET signs as its payload hash. */
export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is escaped. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `20240501T120000Z` and `20240501` for an epoch-millisecond time. */
export function amzDate(epochMs: number): { stamp: string; day: string } {
  const stamp = new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return { stamp, day: stamp.slice(0, 8) };
}

/**
 * Non-S3 services sign the path encoded twice: each segment as it appears on the wire is encoded
 * again, so `a%2Fb` is signed as `a%252Fb`.
 */
export function canonicalPath(pathname: string): string {
  if (pathname === '' || pathname === '/') return '/';
  return pathname
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

/** Query pairs encoded, then sorted by key and value (byte order), joined with `&`. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lower-cased, sorted header names and their trimmed values (inner runs of spaces collapsed). */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): {
  block: string;
  signed: string;
} {
  const entries = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => compare(a, b));
  return {
    block: entries.map(([k, v]) => `${k}:${v}\n`).join(''),
    signed: entries.map(([k]) => k).join(';'),
  };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC chain `AWS4<secret>` → day → region → service → `aws4_request`, then the string to sign. */
export function signature(secret: string, day: string, region: string, service: string, toSign: string) {
  const key = [day, region, service, 'aws4_request'].reduce<Buffer>(
    (k, part) => createHmac('sha256', k).update(part, 'utf8').digest(),
    Buffer.from(`AWS4${secret}`, 'utf8'),
  );
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}
