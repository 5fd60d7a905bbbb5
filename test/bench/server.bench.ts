// GUARD's server, measured from outside (figures only, never assertions):
// 1. cold start of the compiled `node bin/guard.js serve` to a 200 from /readyz, and its SIGTERM exit;
// 2. webhook acknowledgement at BENCH_RATE signed GitLab deliveries/s (default 200) for BENCH_SECONDS
//    (default 30) against the real server in a child process (server-child.ts: file store, engine,
//    ingress filter, an in-memory GitLab), in three loads: GitLab MR events (every one a new MR: a
//    preview job each), a mixed load like a busy fleet repository (gitlab-hooks.ts MIX), and pushes
//    to guard/ (each job plans a fleet of BENCH_CLUSTERS clusters: CPU the HTTP loop must not wait on).
// Each figure is printed beside its target, with the load average of the machine.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Delivery, delivery, type Kind, MIX, mixedKinds } from './gitlab-hooks.ts';
import type { ChildStats } from './server-child.ts';

const SECRET = 'bench-secret';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = 100;
const ROOT = join(import.meta.dirname, '../..');
const load = () => `load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
const ms = (x: number | undefined) => `${(x ?? Number.NaN).toFixed(1)} ms`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function coldStartOnce(): Promise<{ ready: number; stop: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin/guard.js'), 'serve'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GUARD_STATE: `file:${join(dir, 'state')}`,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      GITLAB_TOKEN: 'bench-token',
      GITLAB_WEBHOOK_SECRET: SECRET,
    },
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
  return { ready, stop: performance.now() - stopping, code };
}

async function coldStart(): Promise<void> {
  console.log(
    `cold start of the compiled server (node bin/guard.js serve, GitLab mode, file store; ${load()}):`,
  );
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await coldStartOnce());
  const sorted = runs.map((r) => r.ready).sort((a, b) => a - b);
  console.log(
    `  to ready: median ${sorted[1]!.toFixed(0)} ms (target < 1000 ms); runs ${runs.map((r) => r.ready.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `  shutdown on SIGTERM: ${runs.map((r) => r.stop.toFixed(0)).join(', ')} ms, exit codes ${runs.map((r) => r.code).join(', ')}`,
  );
}

interface Sent {
  kind: Kind;
  status: number;
  ms: number;
  error?: string;
}

async function send(url: string, d: Delivery, id: string): Promise<number> {
  const response = await fetch(`${url}/api/gitlab/webhooks`, {
    method: 'POST',
    body: d.body,
    headers: {
      'content-type': 'application/json',
      'x-gitlab-event': d.event,
      'x-gitlab-token': SECRET,
      'idempotency-key': id,
    },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Sends `deliveries` at RATE/s; returns each one's answer and latency. */
async function drive(url: string, deliveries: Delivery[]): Promise<Sent[]> {
  const sent: Sent[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (const [i, d] of deliveries.entries()) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    inFlight.push(
      send(url, d, `d-${i}`).then(
        (status) => void sent.push({ kind: d.kind, status, ms: performance.now() - at }),
        (error: Error) =>
          void sent.push({
            kind: d.kind,
            status: 0,
            ms: performance.now() - at,
            error: String((error.cause as Error | undefined)?.message ?? error.message),
          }),
      ),
    );
  }
  await Promise.all(inFlight);
  return sent;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function phase(
  env: Record<string, string>,
  title: string,
  make: (waveBranch: string) => { deliveries: Delivery[]; warmup: Delivery[] },
  report: (sent: Sent[], stats: ChildStats) => void,
): Promise<void> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'server-child-main.ts'), [], {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    env: { ...process.env, ...env, BENCH_SECRET: SECRET },
  });
  const { url, waveBranch } = await new Promise<{ url: string; waveBranch: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string; waveBranch: string })),
  );
  const { deliveries, warmup } = make(waveBranch);
  const before = load();
  // Warm-up first (module loading, JIT), then the counters start.
  for (const [i, d] of warmup.entries()) await send(url, d, `warm-${i}`);
  await new Promise((resolve) => {
    child.once('message', resolve);
    child.send('start');
  });
  const sent = await drive(url, deliveries);
  const stats = await new Promise<ChildStats>((resolve) => {
    child.once('message', (m) => resolve(m as ChildStats));
    child.send('done');
  });
  const latencies = sent.map((s) => s.ms).sort((a, b) => a - b);
  const failed = sent.filter((s) => s.status < 200 || s.status >= 300).length;
  console.log(`${title} (${before} before, ${load()} after):`);
  console.log(
    `  ack p50 ${ms(percentile(latencies, 50))} (target < 5 ms), p99 ${ms(percentile(latencies, 99))} (target < 50 ms), max ${ms(latencies.at(-1))}`,
  );
  console.log(
    `  lost ${failed + stats.left} (target 0: ${failed} not acknowledged, ${stats.left} jobs never done), run twice ${stats.redundant} (target 0)`,
  );
  if (failed > 0) {
    const why = new Map<string, number>();
    for (const s of sent.filter((x) => x.status < 200 || x.status >= 300)) {
      const reason = s.error ?? `HTTP ${s.status}`;
      why.set(reason, (why.get(reason) ?? 0) + 1);
    }
    console.log(`  not acknowledged: ${[...why].map(([r, n]) => `${n} × ${r}`).join('; ')}`);
  }
  report(sent, stats);
  console.log(
    `  event loop delay p50 ${ms(stats.loopDelay.p50)}, p99 ${ms(stats.loopDelay.p99)}, max ${ms(stats.loopDelay.max)} (while the load ran)`,
  );
  console.log(
    `  durable writes ${stats.commits.writes} in ${stats.commits.fsyncs} fsyncs; server CPU ${(stats.cpuMs / sent.length).toFixed(2)} ms per delivery, RSS ${stats.rssMb.toFixed(0)} MB`,
  );
}

const total = RATE * SECONDS;
// BENCH_ONLY=cold,mr,mixed,push runs some parts only (all by default).
const wanted = (part: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(part);
const runsOf = (stats: ChildStats) => Object.values(stats.runs).reduce((a, b) => a + b, 0);

if (wanted('cold')) await coldStart();

if (wanted('mr'))
  await phase(
    { BENCH_QUIET_MRS: '1' },
    `GitLab MR events: ${total} deliveries at ${RATE}/s, every one a new MR (a preview job each, which finds no guard/ change)`,
    (wave) => ({
      deliveries: Array.from({ length: total }, (_, i) => delivery('mr', i, wave, Number.POSITIVE_INFINITY)),
      warmup: Array.from({ length: WARMUP }, (_, i) =>
        delivery('mr', total + i, wave, Number.POSITIVE_INFINITY),
      ),
    }),
    (sent, stats) =>
      console.log(
        `  jobs per event ${(runsOf(stats) / sent.length).toFixed(2)} (target ≤ 1: one preview per MR), forge calls per event ${(stats.changedFiles / sent.length).toFixed(2)} (target ≤ 1)`,
      ),
  );

if (wanted('mixed'))
  await phase(
    {},
    `Mixed load: ${total} deliveries at ${RATE}/s (${MIX.map(([k, s]) => `${k} ${s}%`).join(', ')})`,
    (wave) => ({
      deliveries: mixedKinds(total).map((kind, i) => delivery(kind, i, wave)),
      warmup: mixedKinds(WARMUP).map((kind, i) => delivery(kind, total + i, wave)),
    }),
    (sent, stats) => {
      const count = (kinds: Kind[]) => sent.filter((s) => kinds.includes(s.kind)).length;
      const dropped = sent.filter((s) => s.status === 200).length;
      const per = (runs: number | undefined, kinds: Kind[]) =>
        ((runs ?? 0) / Math.max(1, count(kinds))).toFixed(2);
      const share = (kind: Kind, of: Kind[]) =>
        (
          MIX.find(([k]) => k === kind)![1] /
          MIX.filter(([k]) => of.includes(k)).reduce((t, [, n]) => t + n, 0)
        ).toFixed(2);
      const pushes: Kind[] = ['push-branch', 'push-main', 'push-guard'];
      const comments: Kind[] = ['comment', 'command'];
      const guardMrTarget = (SECONDS / Math.max(1, count(['guard-mr']))).toFixed(2);
      console.log(
        `  dropped at ingress ${dropped} of ${sent.length} (${((100 * dropped) / sent.length).toFixed(0)}%: pushes off main or outside guard/, comments without /guard, retitled or closed MRs)`,
      );
      console.log(
        `  jobs per event ${(runsOf(stats) / sent.length).toFixed(3)}; by kind: GUARD MR events ${per(stats.runs.reconcile, ['guard-mr'])} (target ≤ ${guardMrTarget}: one reconcile per second of them), MRs opened or updated ${per(stats.runs.preview, ['mr'])} (target ≤ 1), pushes ${per(stats.runs.sync, pushes)} (target ≤ ${share('push-guard', pushes)}: guard/ pushes only), comments ${per(stats.runs.command, comments)} (target ≤ ${share('command', comments)}: /guard commands only)`,
      );
      console.log(
        `  rollout reconciles ${stats.reconciles} for ${count(['guard-mr'])} GUARD MR events; forge calls per ordinary MR event ${(stats.changedFiles / Math.max(1, count(['mr']))).toFixed(2)} (target ≤ 1)`,
      );
    },
  );

const pushes = Math.min(SECONDS, 10) * RATE;
if (wanted('push'))
  await phase(
    {},
    `Pushes to guard/: ${pushes} deliveries at ${RATE}/s, each a sync job that plans ${process.env.BENCH_CLUSTERS ?? 60} clusters`,
    (wave) => ({
      deliveries: Array.from({ length: pushes }, (_, i) => delivery('push-guard', i, wave)),
      warmup: Array.from({ length: 20 }, (_, i) => delivery('push-guard', pushes + i, wave)),
    }),
    (sent, stats) =>
      console.log(
        `  jobs per event ${(runsOf(stats) / sent.length).toFixed(2)} (target ≤ 1: one sync per commit)`,
      ),
  );
