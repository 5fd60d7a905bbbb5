import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, isError } from '../../src/diagnostics.ts';
import type { Plan } from '../../src/planner/plan-types.ts';
import { planJson, planText } from '../../src/report/plan-text.ts';
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
  const root = resolve(io.cwd, values.repo ?? '.');
  const result = planCheckout(root, values.service ? { service: values.service } : {});
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
  if (applyWave !== undefined) applyWaveEdits(root, result.plans, applyWave, io);
  return 0;
}

function waveNumber(text: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--apply-wave takes a wave number from 1 (got '${text}')`);
  return Number(text);
}

/** Writes wave `n` of each plan into the working tree so `git diff` shows exactly the MR GUARD would open. */
function applyWaveEdits(root: string, plans: Plan[], n: number, io: CliIo): void {
  for (const plan of plans) {
    if (n > plan.waves.length)
      throw new UsageError(
        `the ${plan.service} request has ${plan.waves.length} waves; there is no wave ${n}`,
      );
  }
  for (const plan of plans) {
    const wave = plan.waves[n - 1]!;
    for (const edit of wave.edits) {
      const path = join(root, edit.path);
      if (readFileSync(path, 'utf8') !== edit.before)
        throw new Error(`${edit.path} changed while planning; nothing more written`);
      writeFileSync(path, edit.after);
    }
    io.err(
      `${plan.service} wave ${n} (${wave.batch}): wrote ${wave.edits.length} file${wave.edits.length === 1 ? '' : 's'}\n`,
    );
  }
}
