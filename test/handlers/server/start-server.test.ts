import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_PREFIX } from '../../../src/engine/jobs.ts';
import {
  GITLAB_SECRET,
  GITLAB_TOKEN,
  gitlabPushBody,
  postGitLab,
  startTestServer,
  type TestServer,
  testPrivateKey,
} from './server-kit.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the GUARD server', () => {
  it('answers /healthz with 200 while it runs', async () => {
    server = await startTestServer();

    const response = await fetch(`${server.url}/healthz`);

    expect(response.status).toBe(200);
  });

  it('is ready when the state store answers its ping', async () => {
    server = await startTestServer();

    const response = await fetch(`${server.url}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('answers /readyz with 503 and the reason when the store ping fails', async () => {
    server = await startTestServer();
    server.store.ping = async () => {
      throw new Error('table guard not found');
    };

    const response = await fetch(`${server.url}/readyz`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not ready',
      reason: 'state store unreachable: table guard not found',
    });
  });

  describe('GitLab route', () => {
    it('answers a wrong token with 401 and enqueues nothing', async () => {
      server = await startTestServer();
      const body = gitlabPushBody(server.forge.branchHead('main')!);

      const response = await postGitLab(server.url, body, 'not-the-secret');
      await server.engine.idle();

      expect(response.status).toBe(401);
      expect(await server.store.list(JOB_PREFIX)).toEqual([]);
      expect(server.forge.mergeRequests()).toEqual([]);
    });

    it('answers the right token with 202 and the engine runs the job: the first wave MR opens', async () => {
      server = await startTestServer();
      const body = gitlabPushBody(server.forge.branchHead('main')!);

      const response = await postGitLab(server.url, body, GITLAB_SECRET);
      await server.engine.idle();

      expect(response.status).toBe(202);
      expect(server.forge.mergeRequests().map((mr) => mr.branch)).toEqual(['guard/promtail/6.16.0/test']);
      expect(await server.store.list(JOB_PREFIX)).toEqual([]);
    });

    it('counts the delivery, the reconcile and the rollout phase in /metrics', async () => {
      server = await startTestServer();
      await postGitLab(server.url, gitlabPushBody(server.forge.branchHead('main')!), GITLAB_SECRET);
      await server.engine.idle();

      const text = await (await fetch(`${server.url}/metrics`)).text();

      expect(text).toContain(
        'guard_webhook_deliveries_total{forge="gitlab",event="push",outcome="accepted"} 1',
      );
      expect(text).toContain('guard_webhook_responses_total{forge="gitlab",status="202"} 1');
      expect(text).toMatch(/guard_reconcile_duration_seconds_count [1-9]/);
      expect(text).toContain('guard_rollouts{phase="active"} 1');
      expect(text).toContain('guard_queue_depth{queue="jobs",state="queued"} 0');
    });

    it('never writes the GitLab token or webhook secret to the log', async () => {
      server = await startTestServer();
      await postGitLab(server.url, gitlabPushBody(server.forge.branchHead('main')!), GITLAB_SECRET);
      await postGitLab(server.url, '{}', GITLAB_TOKEN, 'delivery-2');
      await server.engine.idle();
      await server.close();

      expect(server.logs.lines.length).toBeGreaterThan(3);
      expect(server.logs.text()).not.toContain(GITLAB_TOKEN);
      expect(server.logs.text()).not.toContain(GITLAB_SECRET);
    });

    it('logs each audit record once with audit: true', async () => {
      server = await startTestServer();
      await postGitLab(server.url, gitlabPushBody(server.forge.branchHead('main')!), GITLAB_SECRET);
      await server.engine.idle();

      const audits = server.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.audit === true);
      const stored = await server.store.readAudit('gitlab:acme/fleet:promtail');

      expect(stored.length).toBeGreaterThan(0);
      expect(audits.map((a) => a.action)).toEqual(stored.map((r) => r.action));
    });
  });

  describe('without GitHub credentials', () => {
    it('serves the setup page at / and /probot and keeps the GitLab route up', async () => {
      server = await startTestServer();

      const [root, probot] = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/probot`)]);
      const gitlab = await postGitLab(server.url, '{}', 'wrong');

      expect(root.status).toBe(200);
      expect(await root.text()).toContain('action="https://github.com/settings/apps/new?state=');
      expect(await probot.text()).toContain('name="manifest"');
      expect(gitlab.status).toBe(401);
    });

    it('answers the GitHub webhook path with 404 and says how to register the App', async () => {
      server = await startTestServer();

      const response = await fetch(`${server.url}/api/github/webhooks`, { method: 'POST', body: '{}' });

      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: string }).error).toContain('register the GitHub App');
    });
  });

  describe('with GitHub credentials', () => {
    const WEBHOOK_SECRET = 'gh-SECRET-never-logged';

    it('answers a forged signature with 401 and enqueues nothing', async () => {
      server = await startTestServer({
        env: { APP_ID: '12345', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET },
      });
      const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/fleet' } });
      const forged = `sha256=${createHmac('sha256', 'attacker-guess').update(body).digest('hex')}`;

      const response = await fetch(`${server.url}/api/github/webhooks`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': 'd-1',
          'x-hub-signature-256': forged,
        },
      });

      expect(response.status).toBe(401);
      expect(await server.store.list(JOB_PREFIX)).toEqual([]);
      expect(server.logs.text()).not.toContain(WEBHOOK_SECRET);
    });

    it('serves no setup page', async () => {
      server = await startTestServer({
        env: { APP_ID: '12345', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET },
      });

      const response = await fetch(`${server.url}/`);

      expect(response.status).toBe(404);
    });
  });

  it('on shutdown waits for an in-flight reconcile, which releases its lease', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    server = await startTestServer({
      forgeFor: async () => {
        entered();
        await gate;
        throw new Error('forge went away');
      },
    });
    const reconcile = server.engine.reconcileNow('gitlab:acme/fleet:promtail');
    await inside;

    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    const closedWhileReconciling = closed;
    release();
    await closing;
    await reconcile;

    expect(closedWhileReconciling).toBe(false);
    expect(closed).toBe(true);
    expect(
      await server.store.acquireLease('reconcile/gitlab:acme/fleet:promtail', 'other-replica', 60_000),
    ).toBeDefined();
    expect((await fetch(`${server.url}/healthz`).catch(() => undefined))?.status).toBeUndefined();
    server = undefined;
  });
});
