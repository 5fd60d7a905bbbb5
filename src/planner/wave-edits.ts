import type { Diagnostic } from '../diagnostics.ts';
import { byOffset } from '../manifests/by-offset.ts';
import type { ManifestFile } from '../manifests/manifest-file.ts';
import { confirmSplice, SpliceError } from '../manifests/splice.ts';
import type { VersionField } from '../manifests/version-field.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { mapped } from '../util/mapped.ts';
import { fileEdit } from './file-edit.ts';
import { type FileEdit, type PlannedField, plannedField } from './plan-types.ts';

/** A set of a file's fields, sorted by offset, whose edit was confirmed on `before`. */
export interface PrecomputedEdit {
  fields: VersionField[];
  before: string;
}

/** Whether `edit` changes exactly the fields at positions `at` of `fields`, in that order. */
function editsFieldsAt(edit: FileEdit, at: readonly number[], fields: readonly VersionField[]): boolean {
  return edit.fields.length === at.length && at.every((i, k) => fields[i] === edit.fields[k]);
}

/**
 * Splices one cluster's fields that are not yet at `to`, file by file, while the files' documents
 * are at hand (the edit is then confirmed on the templates they were read with), and keeps which
 * fields it confirmed and the text, not the edited text: the plan's edit writes that when asked
 * (file-edit.ts). Failures are left for `waveEdits` to report.
 */
export function precomputeEdits(
  files: readonly ManifestFile[],
  fields: readonly VersionField[],
  to: string,
): Map<string, PrecomputedEdit> {
  const out = new Map<string, PrecomputedEdit>();
  for (const file of files) {
    const list = fields.filter((f) => f.file === file.path && f.value !== to);
    byOffset(list, (f) => f.start);
    if (list.length === 0) continue;
    const viewOf = (i: number) => file.docs.find((d) => d.index === i)?.view;
    try {
      confirmSplice(
        file.text,
        mapped(list, (field) => ({ field, to })),
        { viewOf, split: file.split },
      );
      out.set(file.path, { fields: list, before: file.text });
    } catch (err) {
      if (!(err instanceof SpliceError)) throw err;
    }
  }
  return out;
}

/** A wave's fields, with each one's planned change at the same position when it has one. */
export interface WaveFields {
  fields: VersionField[];
  changes: PlannedField[];
}

/**
 * The files one wave's MR changes: each field of the wave spliced to `to`, one entry per file, in
 * code-point order of their paths (as listings are), whatever the locale.
 */
export function waveEdits(
  wave: Readonly<WaveFields>,
  to: string,
  repo: RepoSnapshot,
  precomputed: ReadonlyMap<string, FileEdit> = new Map(),
): { edits: FileEdit[]; diagnostics: Diagnostic[] } {
  const { fields, changes } = wave;
  const edits: FileEdit[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const at of byFileAndOffset(fields)) {
    const path = fields[at[0]!]!.file;
    // Planning made and confirmed this file's edit with its cluster: it stands when the wave changes
    // no other field of the file (no other cluster of the wave shares it).
    const ready = precomputed.get(path);
    if (ready && editsFieldsAt(ready, at, fields)) {
      edits.push(ready);
      continue;
    }
    const list = mapped(at, (i) => fields[i]!);
    try {
      const before = repo.read(path) ?? '';
      confirmSplice(
        before,
        mapped(list, (field) => ({ field, to })),
      );
      const planned = mapped(at, (i) => changes[i] ?? plannedField(fields[i]!, to));
      edits.push(fileEdit(path, before, list, planned));
    } catch (err) {
      if (!(err instanceof SpliceError)) throw err;
      const f = list[0]!;
      diagnostics.push({
        file: f.file,
        line: f.line,
        col: f.col,
        field: f.field,
        message: err.message,
        severity: 'error',
      });
    }
  }
  return { edits, diagnostics };
}

/**
 * The positions of `fields` grouped by file, files in code-point order of their paths, each
 * group by offset. A field reached from several clusters that share a file is there once, at the
 * position of the last cluster that reached it. The fields come cluster by cluster, mostly in the
 * order sought already, so sorting their positions is a pass over them.
 */
function byFileAndOffset(fields: readonly VersionField[]): number[][] {
  const order = mapped(fields, (_, i) => i);
  order.sort((a, b) => {
    const fa = fields[a]!;
    const fb = fields[b]!;
    if (fa.file !== fb.file) return fa.file < fb.file ? -1 : 1;
    return fa.start - fb.start || a - b;
  });
  const groups: number[][] = [];
  let group: number[] = [];
  for (let k = 0; k < order.length; k += 1) {
    const i = order[k]!;
    const next = k + 1 < order.length ? order[k + 1] : undefined; // no read past the end: V8 deoptimises on one
    const f = fields[i]!;
    const g = next === undefined ? undefined : fields[next]!;
    if (g && g.file === f.file && g.start === f.start) continue; // the later one stands for both
    group.push(i);
    if (!g || g.file !== f.file) {
      groups.push(group);
      group = [];
    }
  }
  return groups;
}
