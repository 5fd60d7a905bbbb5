// Webhook acknowledgement figures: signed GitLab and GitHub deliveries POSTed on loopback at a fixed
// rate to both handlers on a plain node:http server (in a child process, so the load generator does
// not share its event loop) with an in-memory sink. Prints latency percentiles, deliveries lost
// (acknowledged but not in the sink) and the server's RSS. Figures only, never assertions.
// BENCH_RATE (deliveries/s, default 200) and BENCH_SECONDS (default 10) change the load.
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Probot } from 'probot';
import { createGitHubApp } from '../../handlers/github/create-github-app.ts';
import { createGitHubWebhookHandler } from '../../handlers/github/create-github-webhook-handler.ts';
import { createGitLabWebhookHandler } from '../../handlers/gitlab/create-gitlab-webhook-handler.ts';
import type { WebhookLogger } from '../../handlers/http/webhook-logger.ts';
import type { EventSink } from '../../src/engine/events.ts';
import type { ForgeKind } from '../../src/ports/forge.ts';

const SECRET = 'bench-secret';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 50;
const quiet: WebhookLogger = { debug() {}, info() {}, warn() {}, error() {} };

type Stats = { accepted: number; duplicates: number; rssBeforeMb: number; rssAfterMb: number; cpuMs: number };

async function serve(): Promise<void> {
  const ids = new Set<string>();
  let duplicates = 0;
  const sink: EventSink = {
    async deliver({ id }) {
      if (ids.has(id)) {
        duplicates++;
        return 'duplicate';
      }
      ids.add(id);
      return 'accepted';
    },
  };
  const probot = new Probot({ githubToken: 'bench', secret: SECRET, log: pino({ level: 'silent' }) });
  const github = await createGitHubWebhookHandler({
    probot,
    app: createGitHubApp({ sink, log: quiet }),
    log: quiet,
  });
  const gitlab = createGitLabWebhookHandler({ secret: SECRET, sink, log: quiet });
  const server = createServer(async (req, res) => {
    if (req.url === '/api/gitlab/webhooks') return gitlab(req, res);
    if (!(await github(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.gc?.();
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const cpuBefore = process.cpuUsage();
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('message', () => {
    globalThis.gc?.();
    const cpu = process.cpuUsage(cpuBefore);
    const stats: Stats = {
      accepted: ids.size,
      duplicates,
      rssBeforeMb,
      rssAfterMb: process.memoryUsage().rss / 2 ** 20,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    process.send?.(stats, () => process.exit(0));
  });
}

function deliveries(port: number): (i: number, prefix?: string) => Promise<number> {
  const gitlabBody = readFileSync(join(import.meta.dirname, '../fixtures/gitlab-webhooks/push.json'), 'utf8');
  const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json');
  const push = examples.find((e: { name: string }) => e.name === 'push').examples[4];
  const githubBody = JSON.stringify(push);
  const githubSignature = `sha256=${createHmac('sha256', SECRET).update(githubBody).digest('hex')}`;
  const base = `http://127.0.0.1:${port}`;
  return async (i, prefix = '') => {
    const gitlab = i % 2 === 0;
    const response = await fetch(base + (gitlab ? '/api/gitlab/webhooks' : '/api/github/webhooks'), {
      method: 'POST',
      body: gitlab ? gitlabBody : githubBody,
      headers: gitlab
        ? {
            'content-type': 'application/json',
            'x-gitlab-token': SECRET,
            'x-gitlab-event': 'Push Hook',
            'idempotency-key': `${prefix}gl-${i}`,
          }
        : {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-github-delivery': `${prefix}gh-${i}`,
            'x-hub-signature-256': githubSignature,
          },
    });
    await response.arrayBuffer();
    return response.status;
  };
}

async function load(port: number) {
  const send = deliveries(port);
  // Warm-up, not timed: the first deliveries pay for module loading and JIT compilation.
  for (let i = 0; i < WARMUP; i++) await send(i, 'warm-');
  const total = RATE * SECONDS;
  const latencies: number[] = [];
  const byForge: Record<ForgeKind, number[]> = { gitlab: [], github: [] };
  let acknowledged = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inFlight.push(
      send(i).then((status) => {
        const ms = performance.now() - sent;
        latencies.push(ms);
        byForge[i % 2 === 0 ? 'gitlab' : 'github'].push(ms);
        if (status >= 200 && status < 300) acknowledged++;
      }),
    );
  }
  await Promise.all(inFlight);
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return {
    total,
    acknowledged,
    latencies: sorted(latencies),
    gitlab: sorted(byForge.gitlab),
    github: sorted(byForge.github),
    seconds: (performance.now() - start) / 1000,
  };
}

async function main(): Promise<void> {
  const child = fork(import.meta.filename, ['--serve'], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const run = await load(port);
  const stats = await new Promise<Stats>((resolve) => {
    child.once('message', (m: Stats) => resolve(m));
    child.send('stats');
  });
  const pct = (p: number, xs = run.latencies) =>
    xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  console.log(
    `(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; ${WARMUP} untimed warm-up deliveries first)`,
  );
  console.log(
    `webhook ack, ${run.total} deliveries (GitLab and GitHub alternating) at ${RATE}/s over ${run.seconds.toFixed(1)} s:`,
  );
  console.log(
    `  ack latency p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${run.latencies.at(-1)!.toFixed(2)} ms`,
  );
  for (const forge of ['gitlab', 'github'] as const) {
    console.log(
      `    ${forge}: p50 ${pct(50, run[forge]).toFixed(2)} ms, p99 ${pct(99, run[forge]).toFixed(2)} ms`,
    );
  }
  console.log(
    `  acknowledged ${run.acknowledged}/${run.total}, in sink ${stats.accepted - WARMUP}, lost ${run.acknowledged + WARMUP - stats.accepted}, duplicates ${stats.duplicates}`,
  );
  console.log(
    `  server CPU ${(stats.cpuMs / run.total).toFixed(2)} ms per delivery (${(stats.cpuMs / 1000).toFixed(1)} s in all)`,
  );
  console.log(
    `  server RSS ${stats.rssBeforeMb.toFixed(0)} MB before, ${stats.rssAfterMb.toFixed(0)} MB after`,
  );
}

if (process.argv.includes('--serve')) await serve();
else await main();
