// Shared by the server tests: GUARD's real server on loopback with a fake forge, a memory store,
// stub clusters, a cron that never fires by itself, and every log line captured.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningServer, type StartOptions, startServer } from '../../../handlers/server/start-server.ts';
import type { Clusters } from '../../../src/ports/clusters.ts';
import { createFakeForge, type FakeForge } from '../../fakes/forge.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import { fleetYaml, releaseYaml, requestYaml } from '../../scenarios/world.ts';

export const GITLAB_TOKEN = 'glpat-TOKEN-must-never-be-logged';
export const GITLAB_SECRET = 'hook-SECRET-must-never-be-logged';
export const PROJECT = 'acme/fleet';

/** Every JSON line the server logged. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream, text: () => lines.join('\n') };
}

/** A fleet repository with a promtail request on the fake forge (GitLab flavour). */
export function fleetForge(): FakeForge {
  const files: Record<string, string> = {
    'guard/fleet.yaml': fleetYaml(),
    'guard/upgrade.yaml': requestYaml(),
  };
  for (const name of ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1', 'prod-2'])
    files[`clusters/${name}/promtail.yaml`] = releaseYaml(name, '6.15.0');
  return createFakeForge({ kind: 'gitlab', files, bot: 'guard-bot' });
}

export const stubClusters: Clusters = {
  apiStatus: async () => ({ ready: true, version: '1.29' }),
  notReadyNodes: async () => [],
  workloads: async (_c, _ns, names) =>
    names.map((name) => ({ name, ready: true, restarts: 0, crashLooping: false })),
  applied: async () => ({ state: 'pending', reason: 'not yet' }),
  list: async () => [],
  restart: async () => {},
  events: async () => [],
};

export function testPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
}

export interface TestServer extends RunningServer {
  logs: ReturnType<typeof captureLogs>;
  store: ReturnType<typeof createMemoryStore>;
  forge: FakeForge;
}

/** GUARD on 127.0.0.1, an ephemeral port, GitLab mode on unless `env` says otherwise. */
export async function startTestServer(
  overrides: Partial<StartOptions> & { env?: Record<string, string | undefined> } = {},
): Promise<TestServer> {
  const logs = captureLogs();
  const store = createMemoryStore();
  const forge = fleetForge();
  const running = await startServer({
    host: '127.0.0.1',
    logDestination: logs.stream,
    store,
    forgeFor: async () => forge.forge,
    clustersFor: () => stubClusters,
    schedule: () => ({ stop() {} }),
    ...overrides,
    env: {
      PORT: '0',
      LOG_LEVEL: 'debug',
      GITLAB_TOKEN,
      GITLAB_WEBHOOK_SECRET: GITLAB_SECRET,
      ...overrides.env,
    },
  });
  return Object.assign(running, { logs, store, forge });
}

/** A GitLab Push Hook (the documented example) that changed guard/upgrade.yaml on main. */
export function gitlabPushBody(after: string): string {
  const payload = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/gitlab-webhooks/push.json'), 'utf8'),
  );
  payload.ref = 'refs/heads/main';
  payload.after = after;
  payload.project.path_with_namespace = PROJECT;
  payload.project.default_branch = 'main';
  payload.commits = [{ ...payload.commits[0], added: [], removed: [], modified: ['guard/upgrade.yaml'] }];
  payload.total_commits_count = 1;
  return JSON.stringify(payload);
}

export function postGitLab(url: string, body: string, token: string, id = 'delivery-1') {
  return fetch(`${url}/api/gitlab/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': token,
      'idempotency-key': id,
    },
  });
}
