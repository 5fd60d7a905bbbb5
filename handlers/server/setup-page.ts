import { randomBytes } from 'node:crypto';
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
  log: Logger;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;
const CODE = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The GitHub App manifest flow, served while GUARD has no App credentials (DESIGN section 10):
 * `/` (and `/probot`) shows a form that posts app.yml to GitHub's "new App" page; GitHub sends the
 * browser back to `/probot/setup?code=…&state=…`, and the code is exchanged for the App's id, key
 * and webhook secret, saved to `.env`. The state parameter ties the callback to a form we served.
 */
export function createSetupHandler(deps: SetupDeps) {
  const states = new Set<string>();
  const web = `${deps.gheProtocol ?? 'https'}://${deps.gheHost ?? 'github.com'}`;
  const api = deps.gheHost ? `${web}/api/v3` : 'https://api.github.com';

  const page = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : 'localhost:3000';
    const base = `http://${host}`;
    const state = randomBytes(16).toString('hex');
    states.add(state);
    const manifest = {
      ...(parse(deps.appYml) as Record<string, unknown>),
      hook_attributes: { url: deps.webhookProxyUrl ?? `${base}/api/github/webhooks` },
      redirect_url: `${base}${SETUP_CALLBACK_PATH}`,
    };
    const action = `${web}/settings/apps/new?state=${state}`;
    send(res, 200, setupHtml({ action, manifest: JSON.stringify(manifest), gitlab: deps.gitlab, base }));
  };

  const callback = async (url: URL, res: ServerResponse) => {
    const code = url.searchParams.get('code') ?? '';
    const state = url.searchParams.get('state') ?? '';
    if (!CODE.test(code) || !states.delete(state))
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
    if (url.pathname === '/' || url.pathname === '/probot') page(req, res);
    else if (url.pathname === SETUP_CALLBACK_PATH) await callback(url, res);
    else return false;
    return true;
  };
}

function message(text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>GUARD setup</title><p>${escapeHtml(text)}</p>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(html);
}
