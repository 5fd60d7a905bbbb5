import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROMETHEUS_BIN, until } from '../providers/metrics/prometheus/start-prometheus.ts';

const PROMTOOL_BIN = '/usr/bin/promtool';

/** One series of the history: name, labels, and [epoch seconds, value] samples in time order. */
export interface HistorySeries {
  name: string;
  labels: Record<string, string>;
  samples: readonly (readonly [number, number])[];
}

export interface HistoryPrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * Debian's real Prometheus serving a recorded past: `promtool tsdb create-blocks-from openmetrics`
 * writes `history` into TSDB blocks (Prometheus's documented backfill), then the server starts on
 * them. Scenarios whose engine clock sits inside that past get Prometheus's own PromQL answers
 * (absent series, `rate`, `increase`, arithmetic between vectors) on data they control. `rules`
 * are evaluated live, every second; an alert whose ALERTS_FOR_STATE series is in the history comes
 * back firing since the time that series holds, as after a restart of a Prometheus that had it.
 */
export async function startHistoryPrometheus(
  history: readonly HistorySeries[],
  options: { rules?: string } = {},
): Promise<HistoryPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-history-'));
  writeFileSync(join(dir, 'history.om'), openMetrics(history));
  const rules = options.rules ? `rule_files: [${JSON.stringify(join(dir, 'rules.yml'))}]\n` : '';
  if (options.rules) writeFileSync(join(dir, 'rules.yml'), options.rules);
  writeFileSync(join(dir, 'prometheus.yml'), `global: { evaluation_interval: 1s }\n${rules}`);
  await promisify(execFile)(PROMTOOL_BIN, [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    join(dir, 'history.om'),
    join(dir, 'data'),
  ]);
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--storage.tsdb.retention.time=30d',
      // An alert's `for` state is restored from its backfilled ALERTS_FOR_STATE series however old
      // (rules/group.go RestoreForState: the newest sample within the outage tolerance; rules whose
      // `for` is below the grace period are not restored).
      '--rules.alert.for-outage-tolerance=30d',
      '--rules.alert.for-grace-period=1s',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await until(async () => (await fetch(`${url}/-/ready`)).ok, 25_000, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** OpenMetrics text: one family per name (counters' samples end in `_total`), `# EOF` last. */
function openMetrics(history: readonly HistorySeries[]): string {
  const lines: string[] = [];
  for (const name of new Set(history.map((s) => s.name))) {
    const counter = name.endsWith('_total');
    lines.push(
      `# TYPE ${counter ? name.slice(0, -'_total'.length) : name} ${counter ? 'counter' : 'unknown'}`,
    );
    for (const series of history.filter((s) => s.name === name)) {
      const labels = Object.entries(series.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const [t, v] of series.samples) lines.push(`${name}{${labels}} ${v} ${t}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
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
