// Signed GitHub deliveries through the real Probot middleware on a loopback server.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createGitHubApp } from '../../../handlers/github/create-github-app.ts';
import {
  createGitHubWebhookHandler,
  GITHUB_WEBHOOK_PATH,
} from '../../../handlers/github/create-github-webhook-handler.ts';
import type { IngressFilter } from '../../../handlers/http/ingress-filter.ts';
import {
  createFakeSink,
  createRecordingLog,
  type Payload,
  startLoopback,
} from '../gitlab/webhook-test-kit.ts';

export const SECRET = 'github-webhook-secret-for-tests';

type Example = { name: string; examples: Payload[] };
const examples: Example[] = createRequire(import.meta.url)(
  '@octokit/webhooks-examples/api.github.com/index.json',
);

/** A deep copy of the published example of `event` matching `where`, to derive variants from. */
export function example(event: string, where: (payload: Payload) => boolean = () => true) {
  const found = examples.find((e) => e.name === event)?.examples.find(where);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event} matches`);
  return structuredClone(found);
}

export function signature(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A Probot (token auth, no network at rest) behind GUARD's GitHub webhook handler on 127.0.0.1. */
export async function startGitHubIngress(options: { maxBodyBytes?: number; ingress?: IngressFilter } = {}) {
  const sink = createFakeSink();
  const log = createRecordingLog();
  const probotLines: string[] = [];
  const probotLog = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        probotLines.push(String(chunk));
        done();
      },
    }),
  );
  const probot = new Probot({ githubToken: 'test-token', secret: SECRET, log: probotLog });
  const { ingress, ...handlerOptions } = options;
  const app = createGitHubApp({ sink, log, ...ingress });
  const handler = await createGitHubWebhookHandler({ probot, app, log, ...handlerOptions });
  const server = await startLoopback(handler);

  async function send(event: string, payload: unknown, headers: Record<string, string> = {}) {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const response = await fetch(server.url + GITHUB_WEBHOOK_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': headers['x-github-delivery'] ?? crypto.randomUUID(),
        'x-hub-signature-256': signature(body),
        ...headers,
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  return { sink, log, probotLines, server, send, close: server.close };
}
