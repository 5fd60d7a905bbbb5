import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const COOKIE_NAME = 'guard_ui';
/** A browser signed in with `?token=` stays signed in this long (a working day and then some). */
export const SESSION_SEC = 12 * 3600;
const SKEW_SEC = 300;

/**
 * The cookie a `?token=` sign-in sets: `v1.<issued epoch seconds>.<HMAC-SHA256(token, issued)>`. It
 * is not the token itself (it cannot be replayed as `Authorization: Bearer`), it expires on the
 * server's side too, and changing GUARD_UI_TOKEN voids every cookie at once.
 */
export function issueSession(token: string, nowSec: number): string {
  return `v1.${nowSec}.${mac(token, nowSec)}`;
}

export function validSession(token: string, value: string | undefined, nowSec: number): boolean {
  const match = value ? /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return false;
  const issued = Number(match[1]);
  if (issued > nowSec + SKEW_SEC || nowSec - issued > SESSION_SEC) return false;
  return sameSecret(match[2]!, mac(token, issued));
}

/** Equal strings in time that does not depend on where they differ, nor on their lengths (both hashed). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The `guard_ui` cookie of a request's `Cookie` header, if any. */
export function sessionOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE_NAME) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(value: string, secure: boolean): string {
  return `${COOKIE_NAME}=${value}; Path=/; Max-Age=${SESSION_SEC}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

function mac(token: string, issued: number): string {
  return createHmac('sha256', token).update(`guard-ui-session|v1|${issued}`).digest('base64url');
}
