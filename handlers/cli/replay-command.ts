import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReplayFile } from '../../src/verdicts/replay-case.ts';
import { type EvaluationReasoning, type ReplayResult, replaySoak } from '../../src/verdicts/replay-soak.ts';
import { type CliIo, UsageError } from './io.ts';

export const replayUsage = 'guard replay --input FILE [--json] [--explain]';

/** Replay files are untrusted: refuse anything larger before reading it. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * `guard replay`: runs the soak judge over recorded metrics, offline, so a team can tune thresholds
 * on past upgrades before they gate anything. `--explain` adds every evaluation's reasoning per
 * cluster and metric (figures, test, limit, verdict; under `evaluations` with `--json`). Exit 0 when every case passes, 1 when any case fails
 * or is inconclusive, 2 for a bad call or a bad input file (`FILE: field: message`).
 */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      json: { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.input) throw new UsageError('--input FILE is required');
  const file = values.input;
  const data = readInput(resolve(io.cwd, file), file, io);
  if (data === undefined) return 2;
  const parsed = parseReplayFile(data);
  if (!parsed.ok) {
    for (const issue of parsed.issues) io.err(`${file}: ${issue.path}: ${issue.message}\n`);
    return 2;
  }
  const results = parsed.cases.map((c) => replaySoak(c, { explain: values.explain }));
  if (values.json) {
    const output = parsed.multi ? { cases: results } : results[0];
    io.out(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    results.forEach((r, i) => {
      io.out(humanText(r, parsed.multi ? `case ${i + 1}: ` : '', parsed.cases[i]!.soak.failAfter));
    });
  }
  return results.every((r) => r.verdict === 'pass') ? 0 : 1;
}

function readInput(path: string, file: string, io: CliIo): unknown {
  try {
    if (statSync(path).size > MAX_INPUT_BYTES) {
      io.err(
        `${file}: (root): larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; split it into several files\n`,
      );
      return undefined;
    }
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const message =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    io.err(`${file}: (root): ${message}\n`);
    return undefined;
  }
}

function humanText(result: ReplayResult, prefix: string, failAfter: number): string {
  const lines = [`${prefix}${result.verdict}`];
  for (const [cluster, c] of Object.entries(result.clusters)) {
    const at = c.failedAt ? ` at ${c.failedAt}` : '';
    lines.push(`  ${cluster}: ${c.verdict}${at}: ${c.reason}`);
    for (const e of c.evaluations ?? []) lines.push(...explained(e, failAfter));
  }
  return `${lines.join('\n')}\n`;
}

/** An evaluation: its time, verdict and run of failures, then a line per metric. */
function explained(e: EvaluationReasoning, failAfter: number): string[] {
  const run = e.verdict === 'fail' ? ` (${e.failing} of ${failAfter} in a row)` : '';
  return [
    `    ${e.at.replace(/:00\.000Z$/, 'Z')} ${e.verdict}${run}`,
    ...e.metrics.map((m) => `      ${m.text}`),
  ];
}
