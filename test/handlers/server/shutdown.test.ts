import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOB_PREFIX } from '../../../src/engine/jobs.ts';
import type { Forge } from '../../../src/ports/forge.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import {
  GITLAB_SECRET,
  gitlabPushBody,
  PROJECT,
  postGitLab,
  startTestServer,
  type TestServer,
} from './server-kit.ts';

const ROLLOUT = `gitlab:${PROJECT}:promtail`;

/** A forge on which every call hangs for ever: a reconcile that never ends. */
const hangingForge = new Proxy({} as Forge, { get: () => () => new Promise(() => {}) });

/** A GitLab Merge Request Hook for GUARD's own wave branch: a reconcile job for the rollout. */
function waveMrBody(): string {
  const payload = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/gitlab-webhooks/merge-request-open.json'), 'utf8'),
  );
  payload.project.path_with_namespace = PROJECT;
  payload.object_attributes.source_branch = 'guard/promtail/6.16.0/test';
  return JSON.stringify(payload);
}

function postMr(url: string, id: string) {
  return fetch(`${url}/api/gitlab/webhooks`, {
    method: 'POST',
    body: waveMrBody(),
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': 'Merge Request Hook',
      'x-gitlab-token': GITLAB_SECRET,
      'idempotency-key': id,
    },
  });
}

async function untilReconciling(server: TestServer): Promise<void> {
  while (server.engine.rollouts.depth().running === 0) await new Promise((r) => setTimeout(r, 5));
}

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close(0)));
  servers = [];
});

describe('shutdown', () => {
  it('does not wait past the grace for a reconcile that never ends; its job stays and its lease is freed', async () => {
    const server = await startTestServer({ forgeFor: async () => hangingForge });
    servers.push(server);
    expect((await postMr(server.url, 'mr-1')).status).toBe(202);
    await untilReconciling(server);

    const started = performance.now();
    await server.close(300);
    const took = performance.now() - started;

    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_500);
    expect(await server.store.list(JOB_PREFIX)).toEqual([`${JOB_PREFIX}reconcile:${ROLLOUT}`]);
    expect(await server.store.acquireLease(`reconcile/${ROLLOUT}`, 'replica-2', 60_000)).toBeDefined();
    expect(server.logs.text()).toContain('shutdown grace ended with work running');
  });

  it('ends at once when nothing runs', async () => {
    const server = await startTestServer();
    servers.push(server);

    const started = performance.now();
    await server.close(20_000);

    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('while draining is not ready, still stores deliveries without running them, and the restart runs them', async () => {
    const store = createMemoryStore();
    const first = await startTestServer({ store, forgeFor: async () => hangingForge });
    servers.push(first);
    await postMr(first.url, 'mr-1');
    await untilReconciling(first);

    const closing = first.close(1_000);
    const ready = await fetch(`${first.url}/readyz`);
    const late = await postGitLab(
      first.url,
      gitlabPushBody(first.forge.branchHead('main')!),
      GITLAB_SECRET,
      'push-1',
    );
    const stored = await store.list(JOB_PREFIX);
    await closing;
    const second = await startTestServer({ store });
    servers.push(second);
    while ((await store.list(JOB_PREFIX)).length > 0) await new Promise((r) => setTimeout(r, 10));
    await second.engine.idle();

    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
    expect(late.status).toBe(202);
    expect(stored).toHaveLength(2);
    expect(second.forge.mergeRequests().map((mr) => mr.branch)).toEqual(['guard/promtail/6.16.0/test']);
  });
});
