import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyEdit } from '../../src/manifests/verify-edit.ts';
import type { FileEdit, Plan } from '../../src/planner/plan-types.ts';
import { insideRepo } from './fs-repo.ts';
import type { CliIo } from './io.ts';

/**
 * Writes wave `n` of each plan into the working tree so `git diff` shows exactly the MR GUARD would
 * open (one MR per request). Every edit is checked first — the file is unchanged on disk, no two
 * requests edit one file in this wave, the full re-parse confirms the edit, the path is inside the
 * checkout — and nothing is written unless all pass. Each file is replaced by rename, never
 * half-written.
 */
export function applyWave(root: string, plans: readonly Plan[], n: number, io: CliIo): string | undefined {
  const edits = plans.flatMap((plan) => plan.waves[n - 1]!.edits.map((edit) => ({ plan, edit })));
  const owners = new Map<string, string>();
  for (const { plan, edit } of edits) {
    const other = owners.get(edit.path);
    if (other)
      return `${edit.path} is changed by both the ${other} and the ${plan.service} request in wave ${n}; apply one with --service`;
    owners.set(edit.path, plan.service);
    const problem = check(root, edit);
    if (problem) return `${edit.path}: ${problem}`;
  }
  for (const { edit } of edits) {
    const path = join(root, edit.path);
    writeFileSync(`${path}.guard-tmp`, edit.after);
    renameSync(`${path}.guard-tmp`, path);
  }
  for (const plan of plans) {
    const wave = plan.waves[n - 1]!;
    const count = wave.edits.length;
    io.err(`${plan.service} wave ${n} (${wave.batch}): wrote ${count} file${count === 1 ? '' : 's'}\n`);
  }
  return undefined;
}

/** The file's text now, or undefined when it is gone or cannot be read as a file. */
function readNow(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function check(root: string, edit: FileEdit): string | undefined {
  if (!insideRepo(root, edit.path)) return 'is outside the checkout (a symbolic link?); nothing written';
  const now = readNow(join(root, edit.path));
  if (now === undefined) return 'was removed (or is no longer a file) since planning; nothing written';
  if (now !== edit.before) return 'changed while planning; nothing written';
  const problem = verifyEdit(
    edit.before,
    edit.after,
    edit.fields.map((field, i) => ({ field, to: edit.changes[i]!.to })),
  );
  return problem ? `${problem}; nothing written` : undefined;
}
