import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../src/engine/logger.ts';
import { rolloutPageUrl } from '../../../src/engine/rollout-page-url.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import { readRollout, readRollouts } from '../../../src/ui/read-rollouts.ts';
import { renderIndex } from '../../../src/ui/render-index.ts';
import { renderMessage } from '../../../src/ui/render-message.ts';
import { renderRolloutPage } from '../../../src/ui/render-rollout.ts';
import type { Route } from '../create-server.ts';
import { checkAccess } from './page-access.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { type PagePath, parsePagePath } from './page-path.ts';

export interface RolloutPageOptions {
  store: StateStore;
  /** GUARD_UI_TOKEN; without it only loopback is served. */
  token?: string;
  /** GUARD_PUBLIC_URL (an https one makes the cookie Secure). */
  publicUrl?: string;
  clock?: () => Date;
  log: Logger;
  /** Rollouts the list reads at most. */
  maxRollouts?: number;
}

/**
 * The read-only rollout page (GUARD_UI=on): `/rollouts` lists every rollout in the state store,
 * `/rollouts/<forge>/<project>/<service>` shows one with its waves and soak charts. Only GET and
 * HEAD; every answer, refusals included, carries the page's security headers.
 */
export function createRolloutPageRoute(options: RolloutPageOptions): Route {
  const clock = options.clock ?? (() => new Date());
  const log = options.log;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = parsePagePath(url.pathname);
    if (!path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, renderMessage('Read-only', 'This page only shows; it takes no actions.'), {
        allow: 'GET, HEAD',
      });
      return true;
    }
    const access = checkAccess(req, url, {
      ...(options.token ? { token: options.token } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      nowSec: () => Math.floor(clock().getTime() / 1000),
    });
    if (access.kind === 'deny') {
      log.debug({ path: url.pathname, status: access.status }, 'rollout page refused');
      send(req, res, access.status, refusal(access.status), {
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer realm="GUARD rollouts"' } : {}),
      });
    } else if (access.kind === 'sign-in') {
      // The token leaves the address bar (and the history entry) at once.
      redirect(res, 303, `./${url.pathname.split('/').at(-1)}`, { 'set-cookie': access.cookie });
    } else if (access.kind === 'bounce') {
      send(req, res, 200, renderMessage('Opening the rollout page', 'One moment…', { refreshSec: 0 }));
    } else {
      await serve(options, req, res, path, url.pathname.split('/').length - 2);
    }
    return true;
  };
}

/** `depth`: path segments under /rollouts, so that relative links lead back to the list. */
async function serve(
  options: RolloutPageOptions,
  req: IncomingMessage,
  res: ServerResponse,
  path: PagePath,
  depth: number,
) {
  if (path.kind === 'slash') return redirect(res, 308, path.location);
  if (path.kind === 'unknown') return send(req, res, 404, notFound('No rollout has this address.', depth));
  try {
    if (path.kind === 'index') {
      const { rollouts, total } = await readRollouts(options.store, options.maxRollouts ?? 500);
      const href = (key: string) => rolloutPageUrl('', key)!.slice(1);
      return send(req, res, 200, renderIndex({ rollouts, total, href }));
    }
    const view = await readRollout(options.store, path.key);
    if (!view) return send(req, res, 404, notFound('The state store has no rollout by this name.', depth));
    send(req, res, 200, renderRolloutPage(view, `${'../'.repeat(depth)}rollouts`));
  } catch (error) {
    options.log.error({ err: (error as Error).message }, 'rollout page could not read the state store');
    send(req, res, 503, renderMessage('State store unavailable', 'Try again in a minute.'));
  }
}

function refusal(status: 401 | 403): string {
  return status === 401
    ? renderMessage(
        'Sign-in needed',
        'Send the token of GUARD_UI_TOKEN as "Authorization: Bearer <token>", or open this address once with ?token=<token> appended.',
      )
    : renderMessage(
        'Loopback only',
        'Without GUARD_UI_TOKEN this page is served only to the machine GUARD runs on (e.g. through kubectl port-forward), never through a proxy. Set GUARD_UI_TOKEN to serve it further.',
      );
}

function notFound(text: string, depth: number): string {
  return renderMessage('Not found', text, {
    links: [{ href: `${'../'.repeat(depth)}rollouts`, label: 'All rollouts' }],
  });
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  html: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...PAGE_HEADERS, ...extra, 'content-length': Buffer.byteLength(html) });
  res.end(req.method === 'HEAD' ? undefined : html);
}

function redirect(res: ServerResponse, status: number, location: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...PAGE_HEADERS, ...extra, location, 'content-length': 0 }).end();
}
