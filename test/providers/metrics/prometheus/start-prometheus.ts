import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** The readiness wait's bound: start-up plus the first scrape (~5 s after /-/ready). */
const READY_WITHIN_MS = 25_000;

export interface RunningPrometheus {
  url: string;
  /** An instant query's result vector, straight from the API (not through the adapter). */
  instant(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus on a free loopback port with a temp config (scrape and rule evaluation
 * every second) scraping `target`, and resolves once `up` for it is 1. A missing binary is an
 * error, not a skip: CI installs the package, so its absence is a broken machine.
 */
export async function startPrometheus(target: string, rules: string): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS_BIN)) {
    throw new Error(
      `${PROMETHEUS_BIN} is missing: install Debian's package (apt-get install -y prometheus); .ci/run does`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'guard-prometheus-'));
  writeFileSync(join(dir, 'rules.yml'), rules);
  writeFileSync(join(dir, 'prometheus.yml'), config(target, join(dir, 'rules.yml')));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const url = `http://127.0.0.1:${port}`;
  const running: RunningPrometheus = {
    url,
    instant: (query) => instant(url, query),
    stop: () => stop(child, dir),
  };
  try {
    await until(async () => (await running.instant('up == 1')).length > 0, READY_WITHIN_MS, child);
  } catch (error) {
    await running.stop();
    throw new Error(
      `Prometheus did not scrape ${target} within ${READY_WITHIN_MS} ms: ${(error as Error).message}\n${stderr}`,
    );
  }
  return running;
}

function config(target: string, rules: string): string {
  return [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    `rule_files: [${JSON.stringify(rules)}]`,
    'scrape_configs:',
    '  - job_name: exporter',
    `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
    '',
  ].join('\n');
}

async function instant(url: string, query: string) {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as {
    data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.data?.result ?? [];
}

/**
 * Polls a real server until `ready` holds: the one place these tests wait on wall time, because a
 * separate process cannot be handed a fake clock. Short polls keep the suite quick.
 */
export async function until(
  ready: () => Promise<boolean>,
  withinMs: number,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`prometheus exited with code ${child.exitCode}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
