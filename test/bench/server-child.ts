// Child process of the server benchmark: GUARD's real server (settings, routes, ingress filter,
// engine, file store) on loopback against an in-memory GitLab, with the store and the forge
// instrumented to tell which jobs ran, which ran for nothing, and which were lost. Figures only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../../handlers/server/start-server.ts';
import { createFileStateStore } from '../../providers/state/file/index.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { createFakeForge } from '../fakes/forge.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { PROJECT } from './gitlab-hooks.ts';

export interface ChildStats {
  /** Job runs (a run takes the job's lease) by job family: reconcile, preview, sync, command. */
  runs: Record<string, number>;
  /** Runs that found no write to their job since the previous run began: work done for nothing. */
  redundant: number;
  /** Jobs still stored once the engine is idle: acknowledged work that did not get done. */
  left: number;
  /** Rollout reconciles (their lease taken), whatever started them. */
  reconciles: number;
  /** MR file listings: the forge call an ordinary MR hook may cost. */
  changedFiles: number;
  /** Group commits of the file store: writes made durable per fsync. */
  commits: { fsyncs: number; writes: number };
  cpuMs: number;
  rssMb: number;
  /** How late the event loop came round (ms): the longest stretches webhooks waited behind. */
  loopDelay: { p50: number; p99: number; max: number };
}

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 60);
const stubClusters: Clusters = {
  apiStatus: async () => ({ ready: true, version: '1.29' }),
  notReadyNodes: async () => [],
  workloads: async () => [],
  applied: async () => ({ state: 'pending', reason: 'not yet' }),
  list: async () => [],
  restart: async () => {},
  events: async () => [],
};

/** A promtail fleet of CLUSTERS clusters in three batches and a request to upgrade it. */
function fleetFiles(): Record<string, string> {
  const names = Array.from({ length: CLUSTERS }, (_, i) => `c${String(i).padStart(4, '0')}`);
  const batch = (i: number) => ['test', 'dev', 'prod'][Math.min(2, Math.floor((i * 3) / CLUSTERS))]!;
  const files: Record<string, string> = {
    'guard/fleet.yaml': `apiVersion: guard/v1\nkind: Fleet\nbatches: [test, dev, prod]\nclusters:\n${names
      .map(
        (n, i) =>
          `  - { name: ${n}, batch: ${batch(i)}, environment: ${batch(i)}, kubeconfig: { context: ${n} } }\n`,
      )
      .join(
        '',
      )}services:\n  promtail:\n    provider: helm\n    chart: promtail\n    namespace: logging\n    files: ["clusters/{cluster}/promtail.yaml"]\n`,
    'guard/upgrade.yaml':
      'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: promtail\nversion: 6.16.0\nwaves:\n  - batch: test\n  - batch: dev\n  - batch: prod\n',
  };
  for (const n of names)
    files[`clusters/${n}/promtail.yaml`] =
      `# promtail on ${n}\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: promtail\n  namespace: logging\nspec:\n  chart:\n    spec:\n      chart: promtail\n      version: '6.15.0'\n  values:\n    cluster: ${n}\n`;
  return files;
}

/** Wraps the store to see job writes, job runs (their lease) and reconciles. */
function instrument(store: StateStore) {
  const lastWrite = new Map<string, number>();
  const lastRun = new Map<string, number>();
  const runs: Record<string, number> = {};
  let redundant = 0;
  let reconciles = 0;
  let tick = 0; // an ordering of events in this process, finer than the clock
  const wrapped: StateStore = {
    ...store,
    async put(key, value, expected) {
      const version = await store.put(key, value, expected);
      if (key.startsWith('job/')) lastWrite.set(key.slice(4), ++tick);
      return version;
    },
    async acquireLease(name, owner, ttl) {
      const lease = await store.acquireLease(name, owner, ttl);
      if (lease && name.startsWith('reconcile/')) reconciles++;
      if (lease && name.startsWith('job/')) {
        const id = name.slice(4);
        const family = /^(reconcile|preview|sync):/.exec(id)?.[1] ?? 'command';
        runs[family] = (runs[family] ?? 0) + 1;
        if ((lastRun.get(id) ?? -1) > (lastWrite.get(id) ?? 0)) redundant++;
        lastRun.set(id, ++tick);
      }
      return lease;
    },
  };
  return {
    store: wrapped,
    stats: () => ({ runs, redundant, reconciles }),
    reset() {
      for (const key of Object.keys(runs)) delete runs[key];
      redundant = 0;
      reconciles = 0;
    },
  };
}

export async function serveChild(): Promise<void> {
  const fake = createFakeForge({ kind: 'gitlab', files: fleetFiles(), bot: 'guard-bot' });
  let changedFiles = 0;
  const forge = {
    ...fake.forge,
    // Bench commits are not in the fake's history: read everything from main.
    readFiles: (_ref: string, paths: readonly string[]) => fake.forge.readFiles('main', paths),
    listFiles: (_ref: string, dir: string) => fake.forge.listFiles('main', dir),
    // …and their statuses land on main's head (the fake, as GitLab, refuses a commit it lacks).
    setCheck: async (spec: Parameters<typeof fake.forge.setCheck>[0]) =>
      fake.forge.setCheck({ ...spec, sha: (await fake.forge.defaultBranch()).sha }),
    changedFiles: async (number: number) => {
      changedFiles++;
      // In the mixed load every tenth MR edits guard/ (its preview plans the fleet); BENCH_QUIET_MRS: none.
      return number % 10 === 0 && !process.env.BENCH_QUIET_MRS ? ['guard/upgrade.yaml'] : ['README.md'];
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  const commits = { fsyncs: 0, writes: 0 };
  const base =
    process.env.BENCH_STORE === 'memory'
      ? createMemoryStore()
      : createFileStateStore({
          dir: join(dir, 'state'),
          onGroupCommit: (n) => {
            commits.fsyncs++;
            commits.writes += n;
          },
        });
  const seen = instrument(base);
  const server = await startServer({
    store: seen.store,
    env: {
      PORT: '0',
      LOG_LEVEL: 'error',
      GITLAB_TOKEN: 'bench-token',
      GITLAB_WEBHOOK_SECRET: process.env.BENCH_SECRET ?? 'bench-secret',
    },
    host: '127.0.0.1',
    cwd: dir,
    forgeFor: async () => forge,
    clustersFor: () => stubClusters,
    schedule: () => ({ stop() {} }),
  });
  // The rollout exists before the load: its request was pushed and its first wave MR is open.
  await server.engine.sink.deliver({
    id: 'setup',
    event: {
      kind: 'push',
      forge: 'gitlab',
      project: PROJECT,
      branch: 'main',
      defaultBranch: true,
      after: 'setup',
      paths: ['guard/upgrade.yaml'],
    },
  });
  await server.engine.idle();
  const wave = fake.mergeRequests()[0];
  // The people's MRs the hooks speak of (gitlab-hooks.ts), so their previews find them.
  for (let j = 0; j < 100; j++) {
    const number = fake.openForkMergeRequest({ user: 'alice', branch: `feature-${j}`, files: {} });
    if (number !== j + 2) throw new Error(`bench: people's MRs must be !2 to !101; got !${number}`);
  }
  globalThis.gc?.();
  process.send?.({ url: server.url, waveBranch: wave?.branch ?? 'guard/promtail/6.16.0/test' });
  let cpuFrom = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  process.on('message', async (message) => {
    if (message === 'start') {
      await server.engine.idle(); // the warm-up's jobs are not the load's
      loop.enable();
      seen.reset();
      changedFiles = 0;
      commits.fsyncs = 0;
      commits.writes = 0;
      cpuFrom = process.cpuUsage();
      process.send?.('started');
      return;
    }
    loop.disable();
    await server.engine.idle();
    const cpu = process.cpuUsage(cpuFrom);
    const stats: ChildStats = {
      ...seen.stats(),
      left: (await base.list('job/')).length,
      changedFiles,
      commits,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssMb: process.memoryUsage().rss / 2 ** 20,
      loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    };
    await server.close(0);
    process.send?.(stats, () => process.exit(0));
  });
}
