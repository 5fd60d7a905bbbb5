import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import type { EventSink, ForgeEvent } from '../../src/engine/events.ts';
import { type IngressFilter, refusal } from '../http/ingress-filter.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import type { WebhookLogger } from '../http/webhook-logger.ts';
import { gitlabDeliveryId } from './delivery-id.ts';
import { translateGitLabEvent } from './translate-gitlab-event.ts';
import { createTokenCheck } from './verify-token.ts';

/** Where the server mounts the GitLab webhook handler (DESIGN.md section 8, fixed). */
export const GITLAB_WEBHOOK_PATH = '/api/gitlab/webhooks';

export interface GitLabWebhookOptions extends IngressFilter {
  /** The webhook's "Secret token" (GITLAB_WEBHOOK_SECRET). Required: GUARD never accepts unsigned hooks. */
  secret: string | undefined;
  sink: EventSink;
  log: WebhookLogger;
  /** Largest body accepted (default 1 MiB); larger deliveries get 413. */
  maxBodyBytes?: number;
  /** Usernames whose notes are ignored like bots' (GUARD's own account, when it is a plain user). */
  botUsernames?: readonly string[];
}

type Reply = { status: number; body?: object; close?: boolean };

/**
 * The plain Node handler for `POST /api/gitlab/webhooks`: checks the token before reading anything,
 * reads a bounded body, translates it into at most one forge event, drops (200) what cannot concern
 * GUARD, and answers only after the sink has durably enqueued the rest (202), so an acknowledged
 * delivery is never lost. A sink failure answers 503 so that GitLab retries.
 */
export function createGitLabWebhookHandler(options: GitLabWebhookOptions) {
  if (!options.secret) {
    throw new Error(
      'GitLab webhook secret is required: set GITLAB_WEBHOOK_SECRET to the "Secret token" of the GitLab webhook',
    );
  }
  const tokenMatches = createTokenCheck(options.secret);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const extraBots = new Set((options.botUsernames ?? []).map((name) => name.toLowerCase()));
  const { sink, log } = options;

  async function handle(req: IncomingMessage): Promise<Reply> {
    if (req.method !== 'POST') return { status: 405, body: { error: 'use POST' } };
    if (!tokenMatches(req.headers['x-gitlab-token'])) {
      log.warn({ forge: 'gitlab' }, 'webhook token rejected');
      return { status: 401, body: { error: 'invalid X-Gitlab-Token' }, close: true };
    }
    const body = await readBody(req, maxBodyBytes);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'body is not JSON' } };
    }
    const eventName = header(req, 'x-gitlab-event');
    const id = gitlabDeliveryId(req.headers, body);
    const translation = translateGitLabEvent(eventName, payload, extraBots);
    const drop = 'ignored' in translation ? translation : refusal(options, translation.event);
    if (drop) {
      options.dropped?.('gitlab', drop.reason);
      log.debug({ forge: 'gitlab', deliveryId: id, eventName, reason: drop.ignored }, 'webhook ignored');
      return { status: 200, body: { ignored: drop.ignored } };
    }
    const { event } = translation as { event: ForgeEvent };
    const result = await sink.deliver({ id, event });
    log.info({ forge: 'gitlab', deliveryId: id, kind: event.kind, result }, 'webhook enqueued');
    return { status: 202, body: { delivery: id, result } };
  }

  return async function gitlabWebhookHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = await handle(req).catch((error: unknown) => failure(error, req, log));
    send(res, reply);
  };
}

function failure(error: unknown, req: IncomingMessage, log: WebhookLogger): Reply {
  if (error instanceof BodyTooLargeError) return { status: 413, body: { error: error.message }, close: true };
  if (error instanceof ZodError) {
    log.warn({ forge: 'gitlab', eventName: header(req, 'x-gitlab-event') }, 'webhook payload unreadable');
    return { status: 400, body: { error: 'payload lacks fields GUARD needs' } };
  }
  // The message only: the payload never reaches the log.
  const message = error instanceof Error ? error.message : String(error);
  log.error(
    { forge: 'gitlab', eventName: header(req, 'x-gitlab-event'), error: message },
    'webhook not enqueued',
  );
  return { status: 503, body: { error: 'could not enqueue the delivery; retry later' } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.body ? JSON.stringify(reply.body) : '';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (reply.status === 405) headers.allow = 'POST';
  // Unread request bodies (401, 413) are not worth keeping the connection for.
  if (reply.close) headers.connection = 'close';
  res.writeHead(reply.status, headers).end(text);
}
