import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, GUARD_BIN, ROOT } from './guard-bin.ts';

const SECRET = 'hook-secret-for-the-process-test';
const GRACE_MS = 1_000;
const scratch = mkdtempSync(join(tmpdir(), 'guard-serve-process-'));

/** A GitLab that takes every request and never answers: every reconcile hangs on its first call. */
async function silentGitLab() {
  const seen: string[] = [];
  const held: IncomingMessage[] = [];
  const server = createServer((req) => {
    seen.push(`${req.method} ${req.url}`);
    held.push(req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** `guard serve` from dist/ on a free port with the file store in `state`. */
async function serve(gitlab: string, state: string) {
  const port = await freePort();
  const child = spawn(process.execPath, [GUARD_BIN, 'serve'], {
    cwd: scratch,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      LOG_LEVEL: 'info',
      GUARD_STATE: `file:${state}`,
      GITLAB_URL: gitlab,
      GITLAB_TOKEN: 'glpat-process-test',
      GITLAB_WEBHOOK_SECRET: SECRET,
      GUARD_SHUTDOWN_GRACE: `${GRACE_MS}ms`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout!.on('data', (chunk) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await until(() =>
    fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  return { child, url, log: () => log };
}

/** A Merge Request Hook on GUARD's own wave branch: the rollout's reconcile job. */
function waveMrHook(url: string) {
  const payload = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/gitlab-webhooks/merge-request-open.json'), 'utf8'),
  );
  payload.project.path_with_namespace = 'acme/fleet';
  payload.object_attributes.source_branch = 'guard/promtail/6.16.0/test';
  return fetch(`${url}/api/gitlab/webhooks`, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET, 'idempotency-key': 'mr-1' },
  });
}

async function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exited;
  return { code, ms: performance.now() - started };
}

describe('guard serve as a process (compiled)', () => {
  beforeAll(() => assertBuilt());
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exits within the grace on SIGTERM mid-reconcile, and the restart does the work again', async () => {
    const gitlab = await silentGitLab();
    const state = join(scratch, 'state');
    try {
      const first = await serve(gitlab.url, state);
      expect((await waveMrHook(first.url)).status).toBe(202);
      await until(async () => gitlab.seen.length > 0); // the reconcile waits on GitLab for ever

      const stopped = await stop(first.child);
      const before = gitlab.seen.length;
      const second = await serve(gitlab.url, state);
      await until(async () => gitlab.seen.length > before); // the stored job runs at start, leases free
      const again = await stop(second.child);

      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeGreaterThanOrEqual(GRACE_MS - 50);
      expect(stopped.ms).toBeLessThan(GRACE_MS + 5_000);
      expect(first.log()).toContain('shutdown grace ended with work running');
      expect(gitlab.seen.at(-1)).toBe(gitlab.seen[0]);
      expect(again.code).toBe(0);
    } finally {
      gitlab.close();
    }
  });
});

async function until(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not so within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
