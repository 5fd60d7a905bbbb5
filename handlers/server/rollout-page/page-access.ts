import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { issueSession, sameSecret, sessionCookie, sessionOf, validSession } from './session-cookie.ts';

export interface AccessOptions {
  /** GUARD_UI_TOKEN; without it the page is served to loopback only. */
  token?: string;
  /** GUARD_PUBLIC_URL: an https one makes the session cookie Secure. */
  publicUrl?: string;
  nowSec(): number;
}

/** What to do with a request for the page, before anything is read from the store. */
export type Access =
  | { kind: 'allow' }
  /** `?token=` was right: set the cookie and send the browser to the URL without the token. */
  | { kind: 'sign-in'; cookie: string }
  /** A link followed from another site: the Strict cookie was held back; reload same-site once. */
  | { kind: 'bounce' }
  | { kind: 'deny'; status: 401 | 403 };

/**
 * The page's access rule. With a token: `Authorization: Bearer <token>`, or the session cookie a
 * one-time `?token=<token>` sets (phone browsers cannot set headers). A wrong or missing credential
 * is a plain 401, the same whichever it was. Without a token: loopback only — the socket's peer is
 * loopback, the Host is a loopback name (a DNS-rebinding page cannot pass), and no proxy header is
 * present (a proxy or sidecar on the same host makes every peer look like loopback).
 */
export function checkAccess(req: IncomingMessage, url: URL, options: AccessOptions): Access {
  if (!options.token) return loopbackOnly(req) ? { kind: 'allow' } : { kind: 'deny', status: 403 };
  const token = options.token;
  const given = url.searchParams.get('token');
  if (given !== null) {
    if (!sameSecret(given, token)) return { kind: 'deny', status: 401 };
    return {
      kind: 'sign-in',
      cookie: sessionCookie(issueSession(token, options.nowSec()), secure(req, options)),
    };
  }
  const header = req.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    return bearer !== undefined && sameSecret(bearer, token)
      ? { kind: 'allow' }
      : { kind: 'deny', status: 401 };
  }
  const session = sessionOf(req.headers.cookie);
  if (session !== undefined && validSession(token, session, options.nowSec())) return { kind: 'allow' };
  // SameSite=Strict holds the cookie back on a link from GitLab or Slack; a reload started by our
  // own page is same-site and carries it. Only for a cookie-less cross-site navigation, so no loop.
  if (
    session === undefined &&
    req.headers['sec-fetch-site'] === 'cross-site' &&
    req.headers['sec-fetch-mode'] === 'navigate'
  )
    return { kind: 'bounce' };
  return { kind: 'deny', status: 401 };
}

const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];

function loopbackOnly(req: IncomingMessage): boolean {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  if (Object.keys(req.headers).some((h) => h.startsWith('x-envoy-'))) return false;
  return isLoopbackHost(req.headers.host);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** `localhost`, `127.x.x.x` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || (isIP(name) === 4 && name.startsWith('127.'));
}

function secure(req: IncomingMessage, options: AccessOptions): boolean {
  const proto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim();
  return (
    options.publicUrl?.startsWith('https:') === true ||
    proto === 'https' ||
    (req.socket as { encrypted?: boolean }).encrypted === true
  );
}
