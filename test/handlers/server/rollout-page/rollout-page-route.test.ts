import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSettings } from '../../../../handlers/server/settings.ts';
import { rolloutPageUrl } from '../../../../src/engine/rollout-page-url.ts';
import { createMemoryStore } from '../../../fakes/memory-store.ts';
import { ISTIO_KEY, NOW, PROMTAIL_KEY, seedRollouts } from '../../../src/ui/seeded-rollouts.ts';
import { startTestServer, type TestServer } from '../server-kit.ts';

const TOKEN = 'ui-token-0123456789abcdef-SECRET';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** GUARD with the seeded rollouts; its forge is unreachable, so the start-up tick changes nothing. */
async function start(env: Record<string, string>, clock = () => NOW) {
  const store = createMemoryStore();
  await seedRollouts(store);
  server = await startTestServer({
    env: { GITLAB_TOKEN: '', GITLAB_WEBHOOK_SECRET: '', ...env },
    store,
    clock,
    forgeFor: async () => {
      throw new Error('offline in this test');
    },
  });
  return { server, store };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET (no redirect following, any Host header), as a browser or curl would send it. */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const pagePath = (key: string) => rolloutPageUrl('', key)!;

function expectPageHeaders(answer: Answer): void {
  const csp = String(answer.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain('img-src data:');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  expect(csp).not.toMatch(/unsafe|script-src/);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
}

describe('the rollout page route', () => {
  it('is not there unless GUARD_UI=on: 404 as before, even with GUARD_PUBLIC_URL set', async () => {
    const { server } = await start({ GUARD_PUBLIC_URL: 'https://guard.example.com' });

    const answer = await get(server.url, '/rollouts');

    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: 'not found' });
    expect(server.settings.GUARD_UI).toBe(false);
  });

  it('leaves settings as they were when none of its variables is set', () => {
    const before = parseSettings({});

    expect(before.GUARD_UI).toBe(false);
    expect(before.GUARD_UI_TOKEN).toBeUndefined();
  });

  describe('on, without a token (loopback only)', () => {
    it('lists every rollout for a loopback client, with the page headers', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const answer = await get(server.url, '/rollouts');

      expect(answer.status).toBe(200);
      expectPageHeaders(answer);
      for (const name of ['istio 1.20.0', 'promtail 6.16.0', 'cert-manager v1.15.1'])
        expect(answer.body).toContain(name);
    });

    it('allows exactly its own style sheet by hash', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const answer = await get(server.url, '/rollouts');

      const css = /<style>([\s\S]*?)<\/style>/.exec(answer.body)![1]!;
      const hash = createHash('sha256').update(css).digest('base64');
      expect(answer.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
      expect(answer.body).not.toMatch(/<script|style="/);
    });

    it('refuses a client through a proxy with 403', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const answer = await get(server.url, '/rollouts', { 'x-forwarded-for': '203.0.113.9' });

      expect(answer.status).toBe(403);
      expectPageHeaders(answer);
      expect(answer.body).not.toContain('istio');
    });

    it('shows one rollout at the address rollout-page-url.ts builds, a GitLab subgroup included', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const answer = await get(server.url, pagePath(PROMTAIL_KEY));

      expect(pagePath(PROMTAIL_KEY)).toBe('/rollouts/gitlab/platform/infra/fleet/promtail');
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('promtail 6.16.0');
      expect(answer.body).toContain('<a href="../../../../../rollouts">');
      expect(answer.body).toContain('<meta http-equiv="refresh" content="300">');
    });

    it('refreshes a soaking rollout at its soak interval', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const answer = await get(server.url, pagePath(ISTIO_KEY));

      expect(answer.body).toContain('<meta http-equiv="refresh" content="60">');
    });

    it('answers an unknown rollout or address with a 404 page, and a trailing slash with a redirect', async () => {
      const { server } = await start({ GUARD_UI: 'on' });

      const missing = await get(server.url, '/rollouts/github/acme/other/istio');
      const odd = await get(server.url, '/rollouts/bitbucket/a/b');
      const slash = await get(server.url, `${pagePath(ISTIO_KEY)}/`);

      expect(missing.status).toBe(404);
      expectPageHeaders(missing);
      expect(odd.status).toBe(404);
      expect(slash.status).toBe(308);
      expect(slash.headers.location).toBe('../istio');
    });

    it('takes no actions: only GET and HEAD', async () => {
      const { server, store } = await start({ GUARD_UI: 'on' });
      const before = await store.get(`rollout/${ISTIO_KEY}`);

      const post = await get(server.url, pagePath(ISTIO_KEY), {}, 'POST');
      const head = await get(server.url, pagePath(ISTIO_KEY), {}, 'HEAD');

      expect(post.status).toBe(405);
      expect(post.headers.allow).toBe('GET, HEAD');
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
      expect(await store.get(`rollout/${ISTIO_KEY}`)).toEqual(before);
    });

    it('says the store is unavailable when it cannot be read', async () => {
      const { server, store } = await start({ GUARD_UI: 'on' });
      store.list = async () => {
        throw new Error('table gone');
      };

      const answer = await get(server.url, '/rollouts');

      expect(answer.status).toBe(503);
      expectPageHeaders(answer);
      expect(answer.body).not.toContain('table gone');
    });
  });

  describe('on, with GUARD_UI_TOKEN', () => {
    it('answers no credential and a wrong one alike: 401, the page headers, nothing from the store', async () => {
      const { server } = await start({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN });

      const none = await get(server.url, pagePath(ISTIO_KEY));
      const wrong = await get(server.url, pagePath(ISTIO_KEY), {
        authorization: 'Bearer not-the-token-at-all',
      });
      const wrongQuery = await get(server.url, `${pagePath(ISTIO_KEY)}?token=guess`);

      for (const answer of [none, wrong, wrongQuery]) {
        expect(answer.status).toBe(401);
        expectPageHeaders(answer);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="GUARD rollouts"');
        expect(answer.headers['set-cookie']).toBeUndefined();
        expect(answer.body).toBe(none.body);
        expect(answer.body).not.toMatch(/istio|acme|1\.20\.0/);
      }
    });

    it('serves the bearer token', async () => {
      const { server } = await start({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN });

      const answer = await get(server.url, pagePath(ISTIO_KEY), { authorization: `Bearer ${TOKEN}` });

      expect(answer.status).toBe(200);
      expect(answer.body).toContain('istio 1.20.0');
    });

    it('turns ?token= into a session cookie and a redirect to the address without it', async () => {
      const { server } = await start({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN });

      const signIn = await get(server.url, `${pagePath(ISTIO_KEY)}?token=${TOKEN}`);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
      const page = await get(server.url, pagePath(ISTIO_KEY), { cookie });
      const list = await get(server.url, `/rollouts?token=${TOKEN}`);

      expect(signIn.status).toBe(303);
      expect(signIn.headers.location).toBe('./istio');
      expect(String(signIn.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
      expect(signIn.body).toBe('');
      expect(page.status).toBe(200);
      expect(page.body).toContain('istio 1.20.0');
      expect(list.headers.location).toBe('./rollouts');
    });

    it('stops serving a session cookie 12 hours after the sign-in', async () => {
      let now = NOW;
      const { server } = await start({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN }, () => now);
      const signIn = await get(server.url, `/rollouts?token=${TOKEN}`);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;

      now = new Date(NOW.getTime() + 12 * 3600_000 + 1000);
      const answer = await get(server.url, '/rollouts', { cookie });

      expect(answer.status).toBe(401);
    });

    it('never logs the token', async () => {
      const { server } = await start({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN, LOG_LEVEL: 'trace' });

      await get(server.url, `/rollouts?token=${TOKEN}`);
      await get(server.url, '/rollouts', { authorization: `Bearer ${TOKEN}` });
      await get(server.url, '/rollouts?token=wrong');

      expect(server.logs.text()).toContain('rollout page on');
      expect(server.logs.text()).not.toContain(TOKEN);
    });
  });
});
