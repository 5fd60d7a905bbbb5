import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, isError } from '../../src/diagnostics.ts';
import { planJson, planText } from '../../src/report/plan-text.ts';
import { applyWave as writeWave } from './apply-wave.ts';
import { type CliIo, UsageError } from './io.ts';
import { planCheckout } from './plan-checkout.ts';

export const planUsage = 'guard plan [--repo DIR] [--json] [--service S] [--apply-wave N]';

/** `guard plan`: the waves, clusters and exact edits of every request; `--apply-wave N` writes wave N's edits. */
export async function planCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      json: { type: 'boolean', default: false },
      service: { type: 'string' },
      'apply-wave': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const applyWave = values['apply-wave'] === undefined ? undefined : waveNumber(values['apply-wave']);
  const root = repoDir(io.cwd, values.repo);
  const result = planCheckout(root, values.service ? { service: values.service } : {});
  for (const plan of applyWave === undefined ? [] : result.plans) {
    if (applyWave! > plan.waves.length)
      throw new UsageError(
        `the ${plan.service} request has ${plan.waves.length} waves; there is no wave ${applyWave}`,
      );
  }
  const errors = result.diagnostics.filter(isError);
  for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (values.json)
    io.out(
      `${JSON.stringify({ valid: errors.length === 0, plans: result.plans.map(planJson), diagnostics: result.diagnostics }, null, 2)}\n`,
    );
  else for (const plan of result.plans) io.out(`${planText(plan)}\n`);
  if (errors.length) {
    if (applyWave !== undefined) io.err('nothing written: fix the errors above first\n');
    return 1;
  }
  const refused = applyWave === undefined ? undefined : writeWave(root, result.plans, applyWave, io);
  if (refused) io.err(`${refused}\n`);
  return refused ? 1 : 0;
}

function waveNumber(text: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--apply-wave takes a wave number from 1 (got '${text}')`);
  return Number(text);
}

/** The checkout to read: `--repo DIR`, or the current folder. A wrong folder is a usage error. */
export function repoDir(cwd: string, repo: string | undefined): string {
  const root = resolve(cwd, repo ?? '.');
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {}
  if (!isDir) throw new UsageError(`--repo ${repo ?? '.'}: no such folder`);
  return root;
}
