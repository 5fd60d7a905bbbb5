import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GITHUB_WEBHOOK_PATH } from '../../../handlers/github/create-github-webhook-handler.ts';
import { example, signature, startGitHubIngress } from './github-webhook-kit.ts';

let ingress: Awaited<ReturnType<typeof startGitHubIngress>>;

beforeEach(async () => {
  ingress = await startGitHubIngress({ maxBodyBytes: 64 * 1024 });
});
afterEach(() => ingress.close());

const MARKED = () => {
  const payload = example('issue_comment', (p) => p.action === 'created');
  payload.comment.body = 'PAYLOAD-MARKER /guard rollback';
  return payload;
};

describe('GitHub webhook handler', () => {
  it('answers 401 to a forged signature, enqueues nothing and logs no payload', async () => {
    const body = JSON.stringify(MARKED());

    const forged = await ingress.send('issue_comment', body, {
      'x-hub-signature-256': signature(body, 'not-the-secret'),
    });
    const tampered = await ingress.send('issue_comment', body, {
      'x-hub-signature-256': signature(body.replace('rollback', 'status')),
    });

    expect([forged.status, tampered.status]).toEqual([401, 401]);
    expect(ingress.sink.deliveries).toEqual([]);
    expect([...ingress.log.lines, ...ingress.probotLines].join('\n')).not.toContain('PAYLOAD-MARKER');
  });

  it('answers 401 to a delivery without a signature', async () => {
    const response = await fetch(ingress.server.url + GITHUB_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd' },
      body: '{}',
    });

    expect(response.status).toBe(401);
  });

  it('tells the sink the same id for a redelivery and still answers 2xx', async () => {
    const payload = example('issue_comment', (p) => p.action === 'created');
    const id = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

    const first = await ingress.send('issue_comment', payload, { 'x-github-delivery': id });
    const again = await ingress.send('issue_comment', payload, { 'x-github-delivery': id });

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(ingress.sink.deliveries.map((d) => d.id)).toEqual([id, id]);
  });

  it('answers 5xx when the sink fails, so the delivery can be redelivered, and logs no payload', async () => {
    ingress.sink.failing = new Error('state store unreachable');

    const reply = await ingress.send('issue_comment', MARKED(), { 'x-github-delivery': 'd-503' });

    expect(reply.status).toBe(503);
    const logged = [...ingress.log.lines, ...ingress.probotLines].join('\n');
    expect(logged).toContain('state store unreachable');
    expect(logged).toContain('d-503');
    expect(logged).not.toContain('PAYLOAD-MARKER');
  });

  it('answers 413 to a body over the limit before checking anything else', async () => {
    const payload = { ...example('push'), padding: 'x'.repeat(70 * 1024) };

    const reply = await ingress.send('push', payload);

    expect(reply.status).toBe(413);
    expect(ingress.sink.deliveries).toEqual([]);
  });

  it('answers 2xx to events GUARD does not subscribe to', async () => {
    const reply = await ingress.send('ping', { zen: 'Keep it logically awesome.', hook_id: 1 });

    expect(reply.status).toBe(200);
    expect(ingress.sink.deliveries).toEqual([]);
  });

  it('leaves other paths to the next route', async () => {
    const response = await fetch(`${ingress.server.url}/healthz`);

    expect(response.status).toBe(404);
  });
});
