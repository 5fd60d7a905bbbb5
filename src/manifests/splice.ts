import { type Document, isScalar, parse, parseAllDocuments, parseDocument } from 'yaml';
import { splitDocuments } from './segments.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

export interface FieldEdit {
  field: VersionField;
  to: string;
}

export class SpliceError extends Error {
  override name = 'SpliceError';
}

/** Plain scalars that YAML would read back as the same string (not a number, bool or null). */
const SAFE_PLAIN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Source text for `value` written in `style`; a plain scalar that would not read back as text is double-quoted. */
export function renderScalar(value: string, style: ScalarStyle): string {
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'double' || !SAFE_PLAIN.test(value) || parse(value) !== value) return JSON.stringify(value);
  return value;
}

/**
 * Replaces exactly the bytes of each field's scalar in `text`, then re-parses every edited document
 * and confirms each field now reads `to`. Everything outside the scalars is untouched, byte for
 * byte: comments, quoting elsewhere, indentation, CRLF, other documents.
 */
export function spliceVersions(text: string, edits: readonly FieldEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.field.start - a.field.start);
  for (let i = 1; i < ordered.length; i += 1) {
    if (ordered[i]!.field.end > ordered[i - 1]!.field.start)
      throw new SpliceError(`overlapping edits in ${ordered[0]!.field.file}`);
  }
  let out = text;
  for (const { field, to } of ordered) {
    checkSource(field, out.slice(field.start, field.end));
    out = out.slice(0, field.start) + renderScalar(to, field.style) + out.slice(field.end);
  }
  confirm(text, out, edits);
  return out;
}

/** The planned range must still hold the planned value (the file may have changed since planning). */
function checkSource(field: VersionField, current: string): void {
  const reread = field.style === 'plain' ? current : parse(current);
  if (reread !== field.value)
    throw new SpliceError(
      `${field.file}:${field.line}:${field.col}: the file changed under the planned edit`,
    );
}

/** Re-parses the edited documents and checks each edited field holds its new value. */
function confirm(before: string, after: string, edits: readonly FieldEdit[]): void {
  const split = splitDocuments(after);
  if (split.segments.length !== splitDocuments(before).segments.length) {
    throw new SpliceError(`${edits[0]?.field.file}: an edit changed the number of YAML documents`);
  }
  const byDoc = new Map<number, FieldEdit[]>();
  for (const e of edits) byDoc.set(e.field.docIndex, [...(byDoc.get(e.field.docIndex) ?? []), e]);
  for (const [index, list] of byDoc) {
    const segment = split.hasDirectives ? undefined : split.segments[index];
    const doc = segment ? parseDocument(segment.text) : documentAt(after, index);
    for (const { field, to } of list) {
      const node = doc?.getIn(field.astPath, true);
      if (!doc || doc.errors.length || !isScalar(node) || String(node.value) !== to) {
        throw new SpliceError(
          `${field.file}:${field.line}:${field.col}: ${field.field} does not read '${to}' after the edit; file left unchanged`,
        );
      }
    }
  }
}

function documentAt(text: string, index: number): Document.Parsed | undefined {
  const docs = parseAllDocuments(text);
  return Array.isArray(docs) ? docs[index] : undefined;
}
