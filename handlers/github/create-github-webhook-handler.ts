import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplicationFunction, Logger, Probot } from 'probot';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import type { WebhookLogger } from '../http/webhook-logger.ts';

/** Where the server mounts Probot's webhook middleware (DESIGN.md section 8, fixed). */
export const GITHUB_WEBHOOK_PATH = '/api/github/webhooks';

export interface GitHubWebhookHandlerOptions {
  /** Built by the server with `secret` (WEBHOOK_SECRET) and the App's credentials. */
  probot: Probot;
  /** `createGitHubApp({ sink, log })`. */
  app: ApplicationFunction;
  log: WebhookLogger;
  /** Largest body accepted (default 25 MiB, GitHub's own cap on payloads); larger gets 413. */
  maxBodyBytes?: number;
}

/** Answers a request on the GitHub webhook path (true), or leaves it to the next route (false). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Probot's webhook middleware for `/api/github/webhooks`, behind a guard that reads a bounded body
 * and verifies `X-Hub-Signature-256` itself first. Probot alone answers a forged delivery with 400
 * and logs the attacker's payload; the guard answers 401 and logs only the delivery id. This is
 * what probot's `createNodeMiddleware(app, { probot, webhooksPath })` does (load the app, then
 * `getNodeMiddleware`), done by hand to give the middleware a logger that prints errors without the
 * event (and payload) @octokit/webhooks attaches to them.
 */
export async function createGitHubWebhookHandler(options: GitHubWebhookHandlerOptions): Promise<NodeHandler> {
  const { probot, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 25 * 1024 * 1024;
  await probot.load(options.app, {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error('GUARD mounts its own routes; the GitHub app must not add handlers');
    },
  });
  const probotMiddleware = await probot.getNodeMiddleware({
    log: withoutEvents(probot.log),
    path: GITHUB_WEBHOOK_PATH,
  });

  return async (req, res) => {
    if (pathOf(req) !== GITHUB_WEBHOOK_PATH) return false;
    if (req.method !== 'POST') return (await probotMiddleware(req, res)) !== false;
    const deliveryId = header(req, 'x-github-delivery');
    let body: string;
    try {
      body = (await readBody(req, maxBodyBytes)).toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return reply(res, 413, { error: error.message });
    }
    const signature = header(req, 'x-hub-signature-256');
    if (!signature || !(await probot.webhooks.verify(body, signature).catch(() => false))) {
      log.warn({ forge: 'github', deliveryId }, 'webhook signature rejected');
      return reply(res, 401, { error: 'X-Hub-Signature-256 does not match the body and the webhook secret' });
    }
    // Probot reads a string body instead of the (already consumed) stream.
    req.body = body;
    return (await probotMiddleware(req, res)) !== false;
  };
}

// pino's default error serializer prints every enumerable property, the attached event included.
function withoutEvents(log: Logger): Logger {
  return log.child(
    { name: 'github-webhooks' },
    { serializers: { err: (err: Error) => ({ type: err?.name, message: err?.message }) } },
  );
}

function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '', 'http://localhost').pathname.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function reply(res: ServerResponse, status: number, body: object): true {
  res
    .writeHead(status, { 'content-type': 'application/json', connection: 'close' })
    .end(JSON.stringify(body));
  return true;
}
