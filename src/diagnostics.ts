/** A problem found in a file GUARD read, pinned to the place a person must look. */
export interface Diagnostic {
  /** Repository-relative path, e.g. `guard/upgrade.yaml`. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** The field concerned, as a dotted path (`waves[1].batch`), when there is one. */
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line:col: [warning: ]field: message` — one line, the shape editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  const level = d.severity === 'warning' ? 'warning: ' : '';
  const field = d.field ? `${d.field}: ` : '';
  return `${d.file}:${d.line}:${d.col}: ${level}${field}${d.message}`;
}

export function isError(d: Diagnostic): boolean {
  return d.severity === 'error';
}

/** Sorted by file, then position, so output is stable run to run. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}

/** Renders a field path the way users write it: `clusters[3].eks.roleArn`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
