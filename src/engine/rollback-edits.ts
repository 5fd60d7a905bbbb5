import { findVersionFields } from '../manifests/find-version-fields.ts';
import { readManifest } from '../manifests/manifest-file.ts';
import { spliceVersions } from '../manifests/splice.ts';
import { verifyEdit } from '../manifests/verify-edit.ts';
import type { FileChange } from '../ports/forge.ts';
import type { FieldChange, WaveState } from '../rollout/model.ts';
import { TerminalError } from './errors.ts';

/**
 * The files of a rollback: every field the wave changed, spliced back to the version recorded when
 * its MR was opened, in the files as they are now. A field already back (someone reverted by hand)
 * is left alone; a field that cannot be found any more is an error naming file and resource.
 */
export function rollbackEdits(wave: WaveState, texts: ReadonlyMap<string, string | undefined>): FileChange[] {
  const byFile = new Map<string, FieldChange[]>();
  for (const field of wave.clusters.flatMap((c) => c.fields)) {
    byFile.set(field.file, [...(byFile.get(field.file) ?? []), field]);
  }
  const changes: FileChange[] = [];
  for (const [path, fields] of byFile) {
    const text = texts.get(path);
    if (text === undefined)
      throw new TerminalError(`${path}: gone from the default branch; cannot roll back its fields`);
    const after = restore(path, text, fields);
    if (after !== text) changes.push({ path, content: after });
  }
  return changes;
}

function restore(path: string, text: string, fields: readonly FieldChange[]): string {
  const { file, diagnostics } = readManifest(path, text);
  if (!file) throw new TerminalError(diagnostics[0]?.message ?? `${path}: does not parse`);
  const edits = [];
  for (const change of fields) {
    const found = findVersionFields([file], change.chart).fields.find(
      (f) => f.resource === change.resource && f.field === change.field,
    );
    if (!found)
      throw new TerminalError(`${path}: ${change.resource} ${change.field} not found; cannot roll it back`);
    if (found.value !== change.from) edits.push({ field: found, to: change.from });
  }
  if (edits.length === 0) return text;
  const after = spliceVersions(text, edits);
  const problem = verifyEdit(text, after, edits);
  if (problem) throw new TerminalError(`${path}: ${problem}`);
  return after;
}
