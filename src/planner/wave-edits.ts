import type { Diagnostic } from '../diagnostics.ts';
import { SpliceError, spliceVersions } from '../manifests/splice.ts';
import type { VersionField } from '../manifests/version-field.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { FileEdit } from './plan-types.ts';

/** The files one wave's MR changes: each field of the wave spliced to `to`, one entry per file. */
export function waveEdits(
  fields: readonly VersionField[],
  to: string,
  repo: RepoSnapshot,
): { edits: FileEdit[]; diagnostics: Diagnostic[] } {
  const byFile = new Map<string, Map<number, VersionField>>();
  for (const f of fields) {
    const inFile = byFile.get(f.file) ?? new Map<number, VersionField>();
    inFile.set(f.start, f); // one field may be reached from several clusters that share a file
    byFile.set(f.file, inFile);
  }
  const edits: FileEdit[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [path, inFile] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const before = repo.read(path) ?? '';
    const list = [...inFile.values()].sort((a, b) => a.start - b.start);
    try {
      const after = spliceVersions(
        before,
        list.map((field) => ({ field, to })),
      );
      const changes = list.map((f) => ({
        file: f.file,
        line: f.line,
        col: f.col,
        chart: f.chart,
        resource: f.resource,
        field: f.field,
        from: f.value,
        to,
      }));
      edits.push({ path, before, after, changes });
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
