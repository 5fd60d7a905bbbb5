import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSetupHandler } from '../../../handlers/server/setup-page.ts';
import { silentLogger } from '../../../src/engine/logger.ts';
import { startLoopback } from '../gitlab/webhook-test-kit.ts';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\ndef==\n-----END RSA PRIVATE KEY-----\n';
const api = setupServer();
// The page itself is served by a real loopback server; everything else must be mocked.
beforeAll(() =>
  api.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

async function serveSetup() {
  const envFile = join(mkdtempSync(join(tmpdir(), 'guard-setup-')), '.env');
  const handler = createSetupHandler({
    appYml: 'name: GUARD\nurl: https://github.com/apps/guard\ndefault_events: [push]\n',
    envFile,
    gitlab: false,
    fetch: (input, init) => fetch(input, init),
    log: silentLogger,
  });
  const server = await startLoopback(handler);
  return { server, envFile };
}

/** The page's form: where it posts and the manifest it carries. */
async function readForm(url: string) {
  const response = await fetch(url);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const action = /action="([^"]+)"/.exec(html)![1]!.replaceAll('&#38;', '&');
  const manifest = JSON.parse(/name="manifest" value="([^"]+)"/.exec(html)![1]!.replaceAll('&#34;', '"'));
  return { html, action, manifest, cookie, state: new URL(action).searchParams.get('state')! };
}

describe('the GitHub App setup page', () => {
  it('posts app.yml to GitHub with this server as webhook and redirect target, and explains GitLab', async () => {
    const { server } = await serveSetup();

    const form = await readForm(`${server.url}/`);
    await server.close();

    expect(form.action).toMatch(/^https:\/\/github\.com\/settings\/apps\/new\?state=[0-9a-f]{32}$/);
    expect(form.manifest).toMatchObject({
      name: 'GUARD',
      default_events: ['push'],
      hook_attributes: { url: `${server.url}/api/github/webhooks` },
      redirect_url: `${server.url}/probot/setup`,
    });
    expect(form.html).toContain('/api/gitlab/webhooks');
  });

  it('exchanges the code GitHub sends back and saves the App to .env', async () => {
    const { server, envFile } = await serveSetup();
    api.use(
      http.post('https://api.github.com/app-manifests/abc123/conversions', () =>
        HttpResponse.json(
          {
            id: 4242,
            slug: 'guard-test',
            pem: PEM,
            webhook_secret: 'whsec',
            html_url: 'https://github.com/apps/guard-test',
          },
          { status: 201 },
        ),
      ),
    );
    const { state, cookie } = await readForm(`${server.url}/probot`);

    const response = await fetch(`${server.url}/probot/setup?code=abc123&state=${state}`, {
      headers: { cookie },
    });
    const text = await response.text();
    await server.close();

    expect(response.status).toBe(200);
    expect(text).toContain('https://github.com/apps/guard-test/installations/new');
    expect(parseEnv(readFileSync(envFile, 'utf8'))).toEqual({
      APP_ID: '4242',
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: 'whsec',
    });
    expect(statSync(envFile).mode & 0o077).toBe(0);
  });

  it('refuses a callback whose state came from another browser (no matching cookie)', async () => {
    const { server, envFile } = await serveSetup();
    const { state } = await readForm(`${server.url}/probot`);

    const response = await fetch(`${server.url}/probot/setup?code=abc123&state=${state}`);
    await server.close();

    expect(response.status).toBe(400);
    expect(() => readFileSync(envFile)).toThrow();
  });

  it('never replaces an App already saved in .env', async () => {
    const { server, envFile } = await serveSetup();
    writeFileSync(envFile, 'APP_ID=1\n');
    const { state, cookie } = await readForm(`${server.url}/probot`);

    const response = await fetch(`${server.url}/probot/setup?code=abc123&state=${state}`, {
      headers: { cookie },
    });
    await server.close();

    expect(response.status).toBe(409);
    expect(readFileSync(envFile, 'utf8')).toBe('APP_ID=1\n');
  });

  it('answers only browsers on the GUARD host: a remote one gets 403 and no form', async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'guard-setup-')), '.env');
    const handle = createSetupHandler({ appYml: 'name: GUARD\n', envFile, gitlab: false, log: silentLogger });
    let status = 0;
    let body = '';
    const res = {
      writeHead(code: number) {
        status = code;
        return this;
      },
      end(text: string) {
        body = text;
      },
    };
    const req = {
      method: 'GET',
      url: '/',
      headers: { host: 'guard.example.com' },
      socket: { remoteAddress: '203.0.113.7' },
    };

    const handled = await handle(req as never, res as never);

    expect(handled).toBe(true);
    expect(status).toBe(403);
    expect(body).toContain('only on the machine GUARD runs on');
    expect(body).not.toContain('manifest');
  });

  it('refuses a callback whose state it did not issue', async () => {
    const { server, envFile } = await serveSetup();

    const response = await fetch(`${server.url}/probot/setup?code=abc123&state=forged`);
    await server.close();

    expect(response.status).toBe(400);
    expect(() => readFileSync(envFile)).toThrow();
  });
});
