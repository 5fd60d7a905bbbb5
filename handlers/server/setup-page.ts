import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'yaml';
import type { Logger } from '../../src/engine/logger.ts';
import { updateEnvFile } from './env-file.ts';
import { escapeHtml, setupHtml } from './setup-html.ts';

/** Where GitHub sends the browser back with the manifest code. */
export const SETUP_CALLBACK_PATH = '/probot/setup';

export interface SetupDeps {
  /** app.yml's text: the manifest GitHub registers the App from. */
  appYml: string;
  /** `.env` that receives APP_ID, PRIVATE_KEY and WEBHOOK_SECRET. */
  envFile: string;
  /** GHE_HOST / GHE_PROTOCOL, when the App lives on GitHub Enterprise Server. */
  gheHost?: string;
  gheProtocol?: string;
  /** WEBHOOK_PROXY_URL: GitHub delivers there instead of to this server (local development). */
  webhookProxyUrl?: string;
  /** Whether GitLab is on, to say so on the page. */
  gitlab: boolean;
  fetch?: typeof fetch;
  /** Epoch ms (tests move it to expire a setup link). */
  now?: () => number;
  log: Logger;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;
const CODE = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The GitHub App manifest flow, served while GUARD has no App credentials (DESIGN section 10):
 * `/` (and `/probot`) shows a form that posts app.yml to GitHub's "new App" page; GitHub sends the
 * browser back to `/probot/setup?code=…&state=…`, and the code is exchanged for the App's id, key
 * and webhook secret, saved to `.env`. Only a browser on the GUARD host is served (the credentials
 * it writes are GUARD's own), the state parameter must match a cookie this page set within half an
 * hour, and an `.env` that already holds an APP_ID is never replaced.
 */
export function createSetupHandler(deps: SetupDeps) {
  // state → when it was issued; tied to the browser by a cookie, good for half an hour.
  const states = new Map<string, number>();
  const now = deps.now ?? Date.now;
  const web = `${deps.gheProtocol ?? 'https'}://${deps.gheHost ?? 'github.com'}`;
  const api = deps.gheHost ? `${web}/api/v3` : 'https://api.github.com';

  const page = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : 'localhost:3000';
    const base = `http://${host}`;
    const state = randomBytes(16).toString('hex');
    for (const [old, at] of states)
      if (now() - at > STATE_TTL_MS || states.size >= MAX_STATES) states.delete(old);
    states.set(state, now());
    const manifest = {
      ...(parse(deps.appYml) as Record<string, unknown>),
      hook_attributes: { url: deps.webhookProxyUrl ?? `${base}/api/github/webhooks` },
      redirect_url: `${base}${SETUP_CALLBACK_PATH}`,
    };
    const action = `${web}/settings/apps/new?state=${state}`;
    const cookie = `${COOKIE}=${state}; Path=${SETUP_CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=1800`;
    send(
      res,
      200,
      setupHtml({ action, manifest: JSON.stringify(manifest), gitlab: deps.gitlab, base }),
      cookie,
    );
  };

  const callback = async (req: IncomingMessage, url: URL, res: ServerResponse) => {
    const code = url.searchParams.get('code') ?? '';
    const state = url.searchParams.get('state') ?? '';
    const issued = states.get(state);
    const fresh = issued !== undefined && now() - issued <= STATE_TTL_MS && cookieOf(req) === state;
    if (await alreadyRegistered(deps.envFile)) {
      return send(res, 409, message(`${deps.envFile} already holds an APP_ID; GUARD does not replace it.`));
    }
    if (!CODE.test(code) || !fresh || !states.delete(state))
      return send(
        res,
        400,
        message('This link is stale or was not started here. Open / and register the App again.'),
      );
    const response = await (deps.fetch ?? fetch)(`${api}/app-manifests/${code}/conversions`, {
      method: 'POST',
      headers: { accept: 'application/vnd.github+json', 'user-agent': 'guard' },
    });
    if (!response.ok) {
      deps.log.warn({ status: response.status }, 'github app manifest conversion failed');
      return send(
        res,
        502,
        message(`GitHub answered ${response.status} to the manifest code; register the App again from /.`),
      );
    }
    const app = (await response.json()) as {
      id: number;
      pem: string;
      webhook_secret: string;
      html_url: string;
      slug?: string;
    };
    await updateEnvFile(deps.envFile, {
      APP_ID: String(app.id),
      PRIVATE_KEY: app.pem,
      WEBHOOK_SECRET: app.webhook_secret,
    });
    deps.log.info(
      { appId: app.id, envFile: deps.envFile, url: app.html_url },
      'github app registered; restart guard to use it',
    );
    send(
      res,
      200,
      message(
        `GitHub App ${app.slug ?? app.id} registered and saved to ${deps.envFile}. Install it on your fleet repository at ${app.html_url}/installations/new, then restart GUARD (npm start).`,
      ),
    );
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return false;
    const setupPath =
      url.pathname === '/' || url.pathname === '/probot' || url.pathname === SETUP_CALLBACK_PATH;
    if (!setupPath) return false;
    // Registering an App writes credentials GUARD will act with: only someone on this machine may.
    if (!fromLoopback(req)) {
      send(res, 403, message(LOOPBACK_ONLY));
      return true;
    }
    if (url.pathname === SETUP_CALLBACK_PATH) await callback(req, url, res);
    else page(req, res);
    return true;
  };
}

function message(text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>GUARD setup</title><p>${escapeHtml(text)}</p>`;
}

function send(res: ServerResponse, status: number, html: string, cookie?: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...(cookie ? { 'set-cookie': cookie } : {}),
    })
    .end(html);
}

const STATE_TTL_MS = 30 * 60_000;
const MAX_STATES = 100;
const COOKIE = 'guard_setup';
const LOOPBACK_ONLY =
  'The GUARD setup page answers only on the machine GUARD runs on: open http://localhost:<PORT>/ there (or through `kubectl port-forward`).';

function fromLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function cookieOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  return header
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
}

async function alreadyRegistered(envFile: string): Promise<boolean> {
  const text = await readFile(envFile, 'utf8').catch(() => '');
  return /^\s*APP_ID\s*=\s*\S/m.test(text);
}
