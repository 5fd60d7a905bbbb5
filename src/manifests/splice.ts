import { CST, parse } from 'yaml';
import { mapped } from '../util/mapped.ts';
import { sameWordShape, shapeColumn, shapeOf } from '../yaml/shape.ts';
import { ShapedText } from '../yaml/shaped-text.ts';
import { sharedTemplates, type TemplateMemo } from '../yaml/template-memo.ts';
import { byOffset } from './by-offset.ts';
import { confirmByLexing } from './confirm-by-lexing.ts';
import { type DocumentSplit, type Segment, splitDocuments } from './segments.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

/** What a caller already knows, so that checking an edit parses nothing new. */
export interface SpliceContext {
  /** How readManifest read each document (its template and range in the file). */
  viewOf?: (docIndex: number) => ShapedText | undefined;
  /** Where to look shapes up (default: the shared memo). */
  memo?: TemplateMemo;
  /** The text's documents, as readManifest split them. */
  split?: DocumentSplit;
}

export interface FieldEdit {
  field: VersionField;
  to: string;
}

/** An edit with the text that replaces its scalar. */
export interface WrittenEdit extends FieldEdit {
  written: string;
}

export class SpliceError extends Error {
  override name = 'SpliceError';
}

/**
 * Words that YAML 1.1 readers (Kubernetes tooling among them) take for booleans or null although
 * YAML 1.2 keeps them as strings: quoted, so every reader sees text.
 */
const YAML_1_1_WORDS =
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** Plain scalars that read back as the same string (not a number, bool or null, no indicators). */
const SAFE_PLAIN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
export const SCALAR_TYPES: Record<ScalarStyle, CST.FlowScalar['type']> = {
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
 * Replaces exactly the bytes of each field's scalar in `text`, then confirms on the yaml library's
 * CST that every edited document differs from the original in those scalars only, and that each
 * now reads `to`. Everything else is untouched, byte for byte: comments, quoting elsewhere,
 * indentation, CRLF, other documents. Throws SpliceError, and changes nothing, when any of that
 * fails. The output is built from slices of `text`, never re-serialised.
 */
export function spliceVersions(
  text: string,
  edits: readonly FieldEdit[],
  context: SpliceContext = {},
): string {
  return checkedSplice(text, edits, context)();
}

/**
 * What spliceVersions checks, without writing the edited text unless a check needs it: planning
 * confirms every edit of a fleet and keeps none of the texts (read-back-edit.ts).
 */
export function confirmSplice(text: string, edits: readonly FieldEdit[], context: SpliceContext = {}): void {
  checkedSplice(text, edits, context);
}

/** Checks the splice of `edits` into `text` and returns what writes it (once). */
function checkedSplice(text: string, edits: readonly FieldEdit[], context: SpliceContext): () => string {
  const written = writtenEdits(edits);
  const ascending = written.length > 1 ? byOffset([...written], (e) => e.field.start) : written;
  let previousStart = Number.POSITIVE_INFINITY;
  for (let i = ascending.length - 1; i >= 0; i -= 1) {
    const { field } = ascending[i]!;
    if (field.end > previousStart) throw new SpliceError(`${field.file}: overlapping edits`);
    previousStart = field.start;
    if (!holds(text.slice(field.start, field.end), field))
      throw new SpliceError(
        `${field.file}:${field.line}:${field.col}: no longer holds '${field.value}'; plan again`,
      );
  }
  let out: string | undefined;
  const after = () => (out ??= joinSplices(text, ascending));
  confirm(text, after, written, context);
  return after;
}

/**
 * The text spliceVersions returns, written again without its checks: for an edit it already
 * confirmed on this very text (a plan keeps the fields, not the edited text).
 */
export function respliceVersions(text: string, edits: readonly FieldEdit[]): string {
  const written = writtenEdits(edits);
  return joinSplices(text, written.length > 1 ? byOffset(written, (e) => e.field.start) : written);
}

/** Each edit with the text its new value is written as, in the field's quoting. */
function writtenEdits(edits: readonly FieldEdit[]): WrittenEdit[] {
  return mapped(edits, (e) => ({ field: e.field, to: e.to, written: renderScalar(e.to, e.field.style) }));
}

function joinSplices(text: string, ascending: readonly WrittenEdit[]): string {
  let out = '';
  let last = 0;
  for (const e of ascending) {
    out += text.slice(last, e.field.start) + e.written;
    last = e.field.end;
  }
  return out + text.slice(last);
}

function holds(source: string, field: VersionField): boolean {
  return scalarValue(source, field.style) === field.value;
}

/**
 * The string a one-line scalar's source denotes in `style`. A source with no escape, inner quote or
 * line break is what its quotes enclose, so only the others go through the yaml library.
 */
function scalarValue(source: string, style: ScalarStyle): string | undefined {
  if (style === 'plain' && SAFE_PLAIN.test(source)) return source;
  if (style === 'double' && QUOTED_PLAINLY.test(source)) return source.slice(1, -1);
  if (style === 'single' && SINGLE_QUOTED_PLAINLY.test(source)) return source.slice(1, -1);
  const token = { type: SCALAR_TYPES[style], offset: 0, indent: 0, source } as CST.FlowScalar;
  return CST.resolveAsScalar(token)?.value;
}

/** A double-quoted scalar with nothing to unescape inside. */
const QUOTED_PLAINLY = /^"[^"\\\r\n]*"$/;
/** A single-quoted scalar with no inner quote (the only escape there is `''`) and on one line. */
const SINGLE_QUOTED_PLAINLY = /^'[^'\r\n]*'$/;

export function spliceFailure(edits: readonly FieldEdit[]) {
  return (e: FieldEdit | undefined, why: string): SpliceError => {
    const where = e ? `${e.field.file}:${e.field.line}:${e.field.col}` : (edits[0]?.field.file ?? 'file');
    return new SpliceError(`${where}: ${why}; file left unchanged`);
  };
}

/**
 * Each edited document is confirmed on its template when the edited lines keep their shape (the
 * usual case: a version replaced by a version): same shape, same CST, and the scalar the template
 * holds at the field now spans exactly the new text, which must read `to`. Otherwise its lexer
 * tokens before and after are compared (confirm-by-lexing.ts).
 */
function confirm(
  before: string,
  after: () => string,
  edits: readonly WrittenEdit[],
  context: SpliceContext,
): void {
  const fail = spliceFailure(edits);
  const a = documents(before, context.split);
  // Only a line break or a change at a line's start can make or unmake a document marker.
  let b: Segment[] | undefined;
  const afterDocuments = () => (b ??= documents(after()).segments);
  if (
    a.hasDirectives ||
    edits.some((e) => /[\r\n]/.test(e.written) || nearLineStart(before, e.field.start))
  ) {
    if (a.segments.length !== afterDocuments().length)
      throw fail(undefined, 'an edit changed the number of YAML documents');
  }
  const byDoc = new Map<number, WrittenEdit[]>();
  for (const e of edits) {
    const index = a.segments.findIndex((s) => e.field.start >= s.start && e.field.start < s.end);
    if (index < 0) throw fail(undefined, 'edited document not found');
    byDoc.set(index, [...(byDoc.get(index) ?? []), e]);
  }
  for (const [index, inDoc] of byDoc) {
    const segment = a.segments[index]!;
    const view = a.hasDirectives ? undefined : viewFor(before, segment, index, context);
    if (view && onTemplate(before, view, inDoc)) {
      for (const e of inDoc.length > 1 ? byOffset([...inDoc], (x) => x.field.start) : inDoc)
        if (!reads(e.written, e)) throw fail(e, `${e.field.field} does not read '${e.to}' after the edit`);
      continue;
    }
    if (a.segments.length !== afterDocuments().length)
      throw fail(undefined, 'an edit changed the number of YAML documents');
    const segmentAfter = afterDocuments()[index]!;
    confirmByLexing({ before, after: after(), segment, segmentAfter, edits: inDoc, view, fail, reads });
  }
}

/** The documents of a file; with %directives, the whole file as one. */
function documents(text: string, known?: DocumentSplit): { segments: Segment[]; hasDirectives: boolean } {
  const split = known ?? splitDocuments(text);
  return split.hasDirectives
    ? { segments: [{ start: 0, end: text.length, text }], hasDirectives: true }
    : { segments: split.segments, hasDirectives: false };
}

function nearLineStart(text: string, offset: number): boolean {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1) < 5;
}

function viewFor(text: string, segment: Segment, index: number, context: SpliceContext): ShapedText {
  const given = context.viewOf?.(index);
  if (given && given.start === segment.start && given.end === segment.end && given.text === text)
    return given;
  const memo = context.memo ?? sharedTemplates;
  return new ShapedText(text, segment.start, segment.end, memo.of(text, segment.start, segment.end, index));
}

/** Whether every edit of the document leaves its template in place, with the scalar exactly replaced. */
function onTemplate(text: string, view: ShapedText, edits: readonly WrittenEdit[]): boolean {
  const lines: number[] = [];
  for (const e of edits) {
    const f = e.field;
    if (/[\r\n]/.test(e.written)) return false;
    const lineStart = Math.max(view.start, text.lastIndexOf('\n', f.start - 1) + 1);
    if (nearLineStart(text, f.start) || lines.includes(lineStart)) return false;
    lines.push(lineStart);
    const newline = text.indexOf('\n', f.end);
    const lineEnd = newline < 0 || newline >= view.end ? view.end : newline + 1;
    const column = shapeColumn(text, lineStart, f.start, view.start, view.end);
    if (column < 0) return false;
    const line = lineIndex(text, view.start, lineStart);
    const token = view.template.scalarAt(view.template.lineStart(line) + column);
    if (token?.type !== SCALAR_TYPES[f.style] || !('source' in token)) return false;
    const width = token.source.length;
    if (view.offsetOf(token.offset + width) !== f.end) return false;
    // A word for a word, quoted alike and of one width class, not made a key: the line keeps its
    // shape by the definition of a shape (shape.ts), so it need not be worked out twice to compare.
    if (sameWordShape(text.slice(f.start, f.end), e.written, text.charCodeAt(f.end))) continue;
    const lineA = text.slice(lineStart, lineEnd);
    const from = f.start - lineStart;
    const lineB = lineA.slice(0, from) + e.written + lineA.slice(f.end - lineStart);
    if (shapeOf(lineB) !== shapeOf(lineA)) return false;
    if (shapeColumn(lineB, 0, from, 0, lineB.length) !== column) return false;
    if (shapeColumn(lineB, 0, from + e.written.length, 0, lineB.length) !== column + width) return false;
  }
  return true;
}

function lineIndex(text: string, from: number, lineStart: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function reads(source: string, e: FieldEdit): boolean {
  const style: ScalarStyle = source.startsWith('"') ? 'double' : source.startsWith("'") ? 'single' : 'plain';
  if (style !== e.field.style && !(e.field.style === 'plain' && style === 'double')) return false;
  if (scalarValue(source, style) !== e.to) return false;
  // A plain scalar must also stay a string under the core schema (1.20 would read as a number).
  return style !== 'plain' || (source === e.to && staysText(source));
}
