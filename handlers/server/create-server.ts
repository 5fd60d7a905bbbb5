import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from '../../src/engine/logger.ts';
import type { ForgeKind } from '../../src/ports/forge.ts';
import { GITHUB_WEBHOOK_PATH } from '../github/create-github-webhook-handler.ts';
import { GITLAB_WEBHOOK_PATH } from '../gitlab/create-gitlab-webhook-handler.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** A route that answers (true) or leaves the request to the next one (false). */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ServerParts {
  /** Probot's webhook middleware behind its signature guard; absent without GitHub credentials. */
  github?: Route;
  /** The GitLab webhook handler; absent unless GitLab mode is on. */
  gitlab?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The GitHub App setup page; present only without GitHub credentials. */
  setup?: Route;
  /** The read-only rollout page under /rollouts; present only with GUARD_UI=on. */
  rollouts?: Route;
  /** Readiness: settings are loaded (the server exists) and the state store answers. */
  ready(): Promise<string | undefined>;
  metrics: ServerMetrics;
  log: Logger;
}

/**
 * GUARD's own node:http server (DESIGN section 10: Probot's `run()` would serve only its setup page
 * without APP_ID). Every mode keeps /healthz, /readyz, /metrics and, in GitLab mode, the GitLab
 * route; GitHub deliveries go to Probot's middleware only when the App is configured.
 */
export function createServer(parts: ServerParts): Server & { draining(): void } {
  let draining = false;
  const server = createHttpServer((req, res) => {
    route(parts, req, res, () => draining).catch((error: unknown) => {
      parts.log.error({ path: pathOf(req), err: (error as Error).message }, 'request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  const startDraining = () => {
    draining = true;
  };
  return Object.assign(server, { draining: startDraining });
}

async function route(parts: ServerParts, req: IncomingMessage, res: ServerResponse, draining: () => boolean) {
  const path = pathOf(req);
  if (path === '/healthz') return json(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const reason = draining() ? 'shutting down' : await parts.ready();
    return json(res, reason ? 503 : 200, reason ? { status: 'not ready', reason } : { status: 'ready' });
  }
  if (path === '/metrics') {
    const text = await parts.metrics.registry.metrics();
    return void res.writeHead(200, { 'content-type': parts.metrics.registry.contentType }).end(text);
  }
  if (path === GITLAB_WEBHOOK_PATH) {
    countResponse(parts.metrics, res, 'gitlab');
    if (!parts.gitlab)
      return json(res, 404, {
        error: 'GitLab is not configured: set GITLAB_TOKEN and GITLAB_WEBHOOK_SECRET',
      });
    return parts.gitlab(req, res);
  }
  if (path === GITHUB_WEBHOOK_PATH) {
    countResponse(parts.metrics, res, 'github');
    if (!parts.github)
      return json(res, 404, { error: 'GitHub is not configured: open / to register the GitHub App' });
  }
  if (parts.rollouts && (await parts.rollouts(req, res))) return;
  if (parts.github && (await parts.github(req, res))) return;
  if (parts.setup && (await parts.setup(req, res))) return;
  json(res, 404, { error: 'not found' });
}

function countResponse(metrics: ServerMetrics, res: ServerResponse, forge: ForgeKind) {
  res.once('finish', () => metrics.webhookResponses.inc({ forge, status: String(res.statusCode) }));
}

function pathOf(req: IncomingMessage): string {
  try {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    return path.length > 1 ? path.replace(/\/+$/, '') : path;
  } catch {
    return '';
  }
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
