import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkAccess } from '../../../../handlers/server/rollout-page/page-access.ts';
import { issueSession, SESSION_SEC } from '../../../../handlers/server/rollout-page/session-cookie.ts';

const TOKEN = 'ui-token-0123456789abcdef';
const NOW = 1_750_000_000;

function request(input: { peer?: string; headers?: Record<string, string>; encrypted?: boolean } = {}) {
  return {
    headers: { host: '127.0.0.1:3000', ...input.headers },
    socket: { remoteAddress: input.peer ?? '127.0.0.1', encrypted: input.encrypted },
  } as unknown as IncomingMessage;
}

const url = (query = '') => new URL(`http://127.0.0.1:3000/rollouts${query}`);
const withToken = { token: TOKEN, nowSec: () => NOW };
const loopback = { nowSec: () => NOW };

describe('the rollout page without GUARD_UI_TOKEN', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1:3000'],
    ['::ffff:127.0.0.1', 'localhost:3000'],
    ['::1', '[::1]:3000'],
    ['127.0.0.5', 'localhost'],
  ])('serves a loopback peer (%s, Host %s)', (peer, host) => {
    expect(checkAccess(request({ peer, headers: { host } }), url(), loopback)).toEqual({ kind: 'allow' });
  });

  it.each(['10.0.0.7', '::ffff:10.0.0.7', '192.168.1.2', 'fe80::1', undefined])(
    'refuses a peer at %s',
    (peer) => {
      const req = request({ headers: {} });
      (req.socket as { remoteAddress?: string }).remoteAddress = peer;

      expect(checkAccess(req, url(), loopback)).toEqual({ kind: 'deny', status: 403 });
    },
  );

  it('refuses a loopback peer that names another host (a DNS-rebinding page)', () => {
    expect(checkAccess(request({ headers: { host: 'evil.example:3000' } }), url(), loopback)).toEqual({
      kind: 'deny',
      status: 403,
    });
  });

  it.each([
    ['x-forwarded-for', '203.0.113.9'],
    ['forwarded', 'for=203.0.113.9'],
    ['x-real-ip', '203.0.113.9'],
    ['via', '1.1 proxy'],
    ['x-envoy-external-address', '203.0.113.9'],
  ])('refuses a loopback peer behind a proxy (%s)', (header, value) => {
    expect(checkAccess(request({ headers: { [header]: value } }), url(), loopback)).toEqual({
      kind: 'deny',
      status: 403,
    });
  });
});

describe('the rollout page with GUARD_UI_TOKEN', () => {
  it('serves the bearer token from any address', () => {
    const req = request({ peer: '10.0.0.7', headers: { authorization: `Bearer ${TOKEN}` } });

    expect(checkAccess(req, url(), withToken)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['no credential', {}],
    ['a wrong token', { authorization: 'Bearer ui-token-0123456789abcdeX' }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the token as a cookie', { cookie: `guard_ui=${TOKEN}` }],
  ])('answers %s with 401 and nothing else', (_what, headers) => {
    expect(checkAccess(request({ headers }), url(), withToken)).toEqual({ kind: 'deny', status: 401 });
  });

  it('does not serve loopback without the token once a token is set', () => {
    expect(checkAccess(request(), url(), withToken)).toEqual({ kind: 'deny', status: 401 });
  });

  it('signs a browser in from ?token= with an HttpOnly, SameSite=Strict session cookie that is not the token', () => {
    const access = checkAccess(request(), url(`?token=${TOKEN}`), withToken);

    expect(access.kind).toBe('sign-in');
    const cookie = (access as { cookie: string }).cookie;
    expect(cookie).toMatch(
      /^guard_ui=v1\.\d+\.[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(TOKEN);
  });

  it('refuses a wrong ?token= without setting anything', () => {
    expect(checkAccess(request(), url('?token=guess'), withToken)).toEqual({ kind: 'deny', status: 401 });
  });

  it.each([
    ['GUARD_PUBLIC_URL is https', { publicUrl: 'https://guard.example.com' }, {}],
    ['a TLS proxy says so', {}, { 'x-forwarded-proto': 'https' }],
  ])('makes the cookie Secure when %s', (_what, options, headers) => {
    const access = checkAccess(request({ headers }), url(`?token=${TOKEN}`), { ...withToken, ...options });

    expect((access as { cookie: string }).cookie).toMatch(/; Secure$/);
  });

  it('serves the session cookie until it is 12 hours old', () => {
    const cookie = { cookie: `theme=dark; guard_ui=${issueSession(TOKEN, NOW - SESSION_SEC + 5)}` };

    expect(checkAccess(request({ headers: cookie }), url(), withToken)).toEqual({ kind: 'allow' });
    const later = { ...withToken, nowSec: () => NOW + 10 };
    expect(checkAccess(request({ headers: cookie }), url(), later)).toEqual({ kind: 'deny', status: 401 });
  });

  it.each([
    ['tampered', () => issueSession(TOKEN, NOW).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
    ['made with another token', () => issueSession('another-token-0123456789', NOW)],
    ['dated in the future', () => issueSession(TOKEN, NOW + 3600)],
    ['re-dated', () => issueSession(TOKEN, NOW - 2 * SESSION_SEC).replace(/v1\.\d+/, `v1.${NOW}`)],
  ])('refuses a session cookie %s', (_what, make) => {
    const req = request({ headers: { cookie: `guard_ui=${make()}` } });

    expect(checkAccess(req, url(), withToken)).toEqual({ kind: 'deny', status: 401 });
  });

  it('bounces a link followed from another site once, so the Strict cookie comes along', () => {
    const crossSite = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };

    expect(checkAccess(request({ headers: crossSite }), url(), withToken)).toEqual({ kind: 'bounce' });
    const sameOrigin = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'navigate' };
    expect(checkAccess(request({ headers: sameOrigin }), url(), withToken)).toEqual({
      kind: 'deny',
      status: 401,
    });
    const stale = { ...crossSite, cookie: 'guard_ui=v1.1.x' };
    expect(checkAccess(request({ headers: stale }), url(), withToken)).toEqual({ kind: 'deny', status: 401 });
  });
});
