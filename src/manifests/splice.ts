import { CST, Lexer, parse } from 'yaml';
import { type Segment, splitDocuments } from './segments.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

export interface FieldEdit {
  field: VersionField;
  to: string;
}

export class SpliceError extends Error {
  override name = 'SpliceError';
}

/** Lexer tokens that mark a mode or the next token's kind and take no room in the source. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * Words that YAML 1.1 readers (Kubernetes tooling among them) take for booleans or null although
 * YAML 1.2 keeps them as strings: quoted, so every reader sees text.
 */
const YAML_1_1_WORDS =
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** Plain scalars that read back as the same string (not a number, bool or null, no indicators). */
const SAFE_PLAIN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const SCALAR_TYPES: Record<ScalarStyle, CST.FlowScalar['type']> = {
  plain: 'scalar',
  single: 'single-quoted-scalar',
  double: 'double-quoted-scalar',
};

/** `parse(text) === text`, remembered: a plan renders the same target version thousands of times. */
const readsAsItself = new Map<string, boolean>();
function staysText(text: string): boolean {
  let known = readsAsItself.get(text);
  if (known === undefined) {
    known = parse(text) === text;
    if (readsAsItself.size < 1000) readsAsItself.set(text, known);
  }
  return known;
}

/** Source text for `value` in `style`; a plain scalar that would not read back as text is double-quoted. */
export function renderScalar(value: string, style: ScalarStyle): string {
  if (style === 'single') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'double' || !SAFE_PLAIN.test(value) || YAML_1_1_WORDS.test(value) || !staysText(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/**
 * Replaces exactly the bytes of each field's scalar in `text`, then re-parses every edited document
 * and confirms that it differs from the original in those scalars only, and that each now reads
 * `to`. Everything else is untouched, byte for byte: comments, quoting elsewhere, indentation,
 * CRLF, other documents. Throws SpliceError, and changes nothing, when any of that fails.
 */
export function spliceVersions(
  text: string,
  edits: readonly FieldEdit[],
  lexemesOf: (docIndex: number) => readonly string[] | undefined = () => undefined,
): string {
  const ordered = [...edits].sort((a, b) => b.field.start - a.field.start);
  let out = text;
  let previousStart = Number.POSITIVE_INFINITY;
  for (const { field, to } of ordered) {
    if (field.end > previousStart) throw new SpliceError(`${field.file}: overlapping edits`);
    previousStart = field.start;
    const current = out.slice(field.start, field.end);
    if (!holds(current, field))
      throw new SpliceError(
        `${field.file}:${field.line}:${field.col}: no longer holds '${field.value}'; plan again`,
      );
    out = out.slice(0, field.start) + renderScalar(to, field.style) + out.slice(field.end);
  }
  confirm(text, out, edits, lexemesOf);
  return out;
}

function holds(source: string, field: VersionField): boolean {
  const token = { type: SCALAR_TYPES[field.style], offset: 0, indent: 0, source } as CST.FlowScalar;
  return CST.resolveAsScalar(token)?.value === field.value;
}

/**
 * Lexes each edited document before and after: the token streams must be identical except for the
 * edited scalars, which must be single scalar tokens of the same kind that resolve to `to`.
 */
function confirm(
  before: string,
  after: string,
  edits: readonly FieldEdit[],
  lexemesOf: (docIndex: number) => readonly string[] | undefined,
): void {
  const fail = (e: FieldEdit | undefined, why: string): SpliceError => {
    const where = e ? `${e.field.file}:${e.field.line}:${e.field.col}` : (edits[0]?.field.file ?? 'file');
    return new SpliceError(`${where}: ${why}; file left unchanged`);
  };
  const a = documents(before);
  const b = documents(after);
  if (a.length !== b.length) throw fail(undefined, 'an edit changed the number of YAML documents');
  const docs = new Set(edits.map((e) => (a.length === 1 ? 0 : e.field.docIndex)));
  for (const index of docs) {
    const segA = a[index];
    const segB = b[index];
    if (!segA || !segB) throw fail(undefined, 'edited document not found');
    // Mode and kind markers are dropped: a plain scalar that had to be quoted loses its marker.
    const tokensA = (lexemesOf(index) ?? [...new Lexer().lex(segA.text)]).filter((t) => !MARKERS.has(t));
    const tokensB = [...new Lexer().lex(segB.text)].filter((t) => !MARKERS.has(t));
    if (tokensA.length !== tokensB.length)
      throw fail(undefined, 'an edit changed the structure of the document');
    let offset = segA.start;
    const pending = new Map(
      edits
        .filter((e) => e.field.start >= segA.start && e.field.start < segA.end)
        .map((e) => [e.field.start, e]),
    );
    for (let i = 0; i < tokensA.length; i += 1) {
      const ta = tokensA[i]!;
      const tb = tokensB[i]!;
      if (ta !== tb) {
        const e = pending.get(offset);
        if (!e || ta !== before.slice(e.field.start, e.field.end))
          throw fail(e, 'an edit changed more than the version scalar');
        if (!reads(tb, e!)) throw fail(e, `${e!.field.field} does not read '${e!.to}' after the edit`);
        pending.delete(offset);
      }
      offset += ta.length;
    }
    for (const e of pending.values())
      if (e.field.value !== e.to) throw fail(e, 'the edited scalar was not found again');
  }
}

function reads(source: string, e: FieldEdit): boolean {
  const style: ScalarStyle = source.startsWith('"') ? 'double' : source.startsWith("'") ? 'single' : 'plain';
  if (style !== e.field.style && !(e.field.style === 'plain' && style === 'double')) return false;
  const token = { type: SCALAR_TYPES[style], offset: 0, indent: 0, source } as CST.FlowScalar;
  const resolved = CST.resolveAsScalar(token);
  if (resolved?.value !== e.to) return false;
  // A plain scalar must also stay a string under the core schema (1.20 would read as a number).
  return style !== 'plain' || (source === e.to && staysText(source));
}

function documents(text: string): Segment[] {
  const split = splitDocuments(text);
  return split.hasDirectives ? [{ start: 0, end: text.length, text }] : split.segments;
}
