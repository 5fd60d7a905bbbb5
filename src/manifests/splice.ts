import { CST, Lexer, parse } from 'yaml';
import { type Segment, splitDocuments } from './segments.ts';
import { documentShape } from './skeleton.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

/** What a caller already knows, so that checking an edit costs less. */
export interface SpliceContext {
  /** The lexer tokens of a document's shape, as readManifest made them. */
  lexemesOf?: (docIndex: number) => readonly string[] | undefined;
  /** The document's shape (its skeleton), as readManifest made it. */
  shapeOf?: (docIndex: number) => string | undefined;
  /** Edits already confirmed on identical document shapes (keys made here); shared across one plan. */
  confirmed?: Set<string>;
}

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
  context: SpliceContext = {},
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
  confirm(text, out, edits, context);
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
function confirm(before: string, after: string, edits: readonly FieldEdit[], context: SpliceContext): void {
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
    const inDoc = edits.filter((e) => e.field.start >= segA.start && e.field.start < segA.end);
    const shapeA = context.shapeOf?.(index) ?? documentShape(segA.text);
    const key = `${shapeA}\u0000${inDoc.map((e) => `${e.field.start - segA.start}:${e.field.end - segA.start}:${e.field.style}:${e.to}`).join(',')}`;
    if (context.confirmed?.has(key)) continue;
    // Mode and kind markers are dropped: a plain scalar that had to be quoted loses its marker.
    const tokensA = (context.lexemesOf?.(index) ?? [...new Lexer().lex(shapeA)]).filter(
      (t) => !MARKERS.has(t),
    );
    const tokensB = [...new Lexer().lex(shapeAfter(shapeA, segA.start, inDoc, before))].filter(
      (t) => !MARKERS.has(t),
    );
    if (tokensA.length !== tokensB.length)
      throw fail(undefined, 'an edit changed the structure of the document');
    let offset = segA.start;
    const pending = new Map(inDoc.map((e) => [e.field.start, e]));
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
    if (context.confirmed && context.confirmed.size < 4096) context.confirmed.add(key);
  }
}

/**
 * The edited document's shape: the same splices applied to the shape of the original, so that
 * blanked values stay blanked whatever the new scalar looks like.
 */
function shapeAfter(shape: string, start: number, edits: readonly FieldEdit[], before: string): string {
  let out = shape;
  for (const e of [...edits].sort((a, b) => b.field.start - a.field.start)) {
    const from = e.field.start - start;
    const to = e.field.end - start;
    if (out.slice(from, to) !== before.slice(e.field.start, e.field.end)) {
      throw new SpliceError(
        `${e.field.file}:${e.field.line}:${e.field.col}: the version lies inside a values block; file left unchanged`,
      );
    }
    out = out.slice(0, from) + renderScalar(e.to, e.field.style) + out.slice(to);
  }
  return out;
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
