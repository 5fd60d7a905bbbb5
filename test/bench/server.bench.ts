// GUARD's server, measured: (1) cold start of `node bin/guard.js serve` to a 200 from /readyz, and
// its shutdown on SIGTERM; (2) webhook acknowledgement at BENCH_RATE signed GitLab deliveries/s
// (default 200) for BENCH_SECONDS (default 30) against the real server (file state store, engine,
// routes) in a child process, with a fake forge counting the jobs that ran. Two kinds of delivery:
// an MR from a feature branch (a cheap job), then a push changing guard/ (the job plans the whole
// repository; at 200/s that is CPU-bound). BENCH_STORE=memory swaps the file store for memory.
// Figures only.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = 'bench-token';
const SECRET = 'bench-secret';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = 100;
const ROOT = join(import.meta.dirname, '../..');
const env = (dir: string, port: number) => ({
  ...process.env,
  GUARD_STATE: `file:${join(dir, 'state')}`,
  PORT: String(port),
  LOG_LEVEL: 'warn' as const,
  GITLAB_TOKEN: TOKEN,
  GITLAB_WEBHOOK_SECRET: SECRET,
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function coldStart(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/guard.js'), 'serve'], {
    cwd: dir,
    env: env(dir, port),
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ready = performance.now() - started;
  const stopping = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  console.log(`cold start to ready: ${ready.toFixed(0)} ms`);
  console.log(`shutdown on SIGTERM: ${(performance.now() - stopping).toFixed(0)} ms, exit code ${code}`);
}

type Stats = { runs: number; twice: number; rssStartMb: number; rssEndMb: number };

async function serveChild(): Promise<void> {
  const { startServer } = await import('../../handlers/server/start-server.ts');
  const { createFakeForge } = await import('../fakes/forge.ts');
  const { fleetYaml } = await import('../scenarios/world.ts');
  const fake = createFakeForge({ kind: 'gitlab', files: { 'guard/fleet.yaml': fleetYaml() } });
  const runs = new Map<string, number>();
  const forge = {
    ...fake.forge,
    readFiles: (_ref: string, paths: readonly string[]) => fake.forge.readFiles('main', paths),
    listFiles: (_ref: string, dir: string) => fake.forge.listFiles('main', dir),
    // A push job ends with guard/request on its commit; an MR job starts by listing the MR's files.
    setCheck: async (spec: { sha: string }) => void runs.set(spec.sha, (runs.get(spec.sha) ?? 0) + 1),
    changedFiles: async (number: number) => {
      runs.set(`mr-${number}`, (runs.get(`mr-${number}`) ?? 0) + 1);
      return ['README.md'];
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  const { createMemoryStore } = await import('../fakes/memory-store.ts');
  const server = await startServer({
    ...(process.env.BENCH_STORE === 'memory' ? { store: createMemoryStore() } : {}),
    env: { ...env(dir, 0), LOG_LEVEL: 'error' },
    host: '127.0.0.1',
    cwd: dir,
    forgeFor: async () => forge,
    schedule: () => ({ stop() {} }),
  });
  globalThis.gc?.();
  const rssStartMb = process.memoryUsage().rss / 2 ** 20;
  process.send?.({ url: server.url });
  process.on('message', async () => {
    await server.engine.idle();
    globalThis.gc?.();
    const stats: Stats = {
      runs: runs.size,
      twice: [...runs.values()].filter((n) => n > 1).length,
      rssStartMb,
      rssEndMb: process.memoryUsage().rss / 2 ** 20,
    };
    await server.close();
    process.send?.(stats, () => process.exit(0));
  });
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'test/fixtures/gitlab-webhooks', name), 'utf8'));

/** A merge request opened from a feature branch: the job finds no guard/ change (most MRs of a busy repo). */
function mergeRequestBody(i: number): string {
  const payload = fixture('merge-request-open.json');
  payload.project.path_with_namespace = 'acme/fleet';
  Object.assign(payload.object_attributes, {
    iid: i + 1,
    source_branch: `feature-${i}`,
    target_branch: 'main',
  });
  return JSON.stringify(payload);
}

/** A push to main that changed guard/upgrade.yaml: the job validates and plans the whole repository. */
function pushBody(i: number): string {
  const payload = fixture('push.json');
  Object.assign(payload, {
    ref: 'refs/heads/main',
    after: `bench${String(i).padStart(35, '0')}`,
    total_commits_count: 1,
  });
  payload.project.path_with_namespace = 'acme/fleet';
  payload.project.default_branch = 'main';
  payload.commits = [{ ...payload.commits[0], added: [], removed: [], modified: ['guard/upgrade.yaml'] }];
  return JSON.stringify(payload);
}

type Kind = 'mr' | 'push';

async function load(
  url: string,
  kind: Kind,
  seconds: number,
): Promise<{ latencies: number[]; acknowledged: number; sent: number }> {
  const total = RATE * seconds;
  const [event, body] = kind === 'mr' ? ['Merge Request Hook', mergeRequestBody] : ['Push Hook', pushBody];
  const send = (i: number, id: string) =>
    fetch(`${url}/api/gitlab/webhooks`, {
      method: 'POST',
      body: body(i),
      headers: {
        'content-type': 'application/json',
        'x-gitlab-event': event,
        'x-gitlab-token': SECRET,
        'idempotency-key': id,
      },
    });
  // Warm-up, not timed (its jobs are counted: they must run too): module loading and JIT first.
  for (let i = total; i < total + WARMUP; i++) await (await send(i, `${kind}-warm-${i}`)).arrayBuffer();
  const latencies: number[] = [];
  let acknowledged = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    const request = send(i, `${kind}-${i}`);
    inFlight.push(
      request.then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status === 202) acknowledged++;
      }),
    );
  }
  await Promise.all(inFlight);
  return { latencies, acknowledged: acknowledged + WARMUP, sent: total + WARMUP };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function acknowledgement(kind: Kind, seconds: number): Promise<void> {
  const child: ChildProcess = fork(import.meta.filename, ['child'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
  });
  const { url } = await new Promise<{ url: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string })),
  );
  const { latencies, acknowledged, sent } = await load(url, kind, seconds);
  const stats = await new Promise<Stats>((resolve) => {
    child.once('message', (m) => resolve(m as Stats));
    child.send('done');
  });
  const sorted = latencies.sort((a, b) => a - b);
  const what =
    kind === 'mr' ? 'MR opened, job finds no guard/ change' : 'push to guard/, job plans the repository';
  console.log(
    `webhook ack at ${RATE}/s for ${seconds} s (signed GitLab ${what}; ${process.env.BENCH_STORE ?? 'file'} state store, real engine):`,
  );
  console.log(
    `  p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  console.log(
    `  sent ${sent}, acknowledged 202: ${acknowledged}, jobs run: ${stats.runs}, lost: ${acknowledged - stats.runs}, run twice: ${stats.twice}`,
  );
  console.log(`  server RSS start ${stats.rssStartMb.toFixed(0)} MB, end ${stats.rssEndMb.toFixed(0)} MB`);
}

if (process.argv[2] === 'child') await serveChild();
else {
  await coldStart();
  await acknowledgement('mr', SECONDS);
  await acknowledgement('push', Math.min(SECONDS, 10));
}
