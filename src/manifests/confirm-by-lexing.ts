import { CST, Lexer } from 'yaml';
import { shapeOf } from '../yaml/shape.ts';
import type { ShapedText } from '../yaml/shaped-text.ts';
import { byOffset } from './by-offset.ts';
import type { Segment } from './segments.ts';
import type { FieldEdit, SpliceError, WrittenEdit } from './splice.ts';

/** Lexer tokens that mark a mode or the next token's kind and take no room in the source. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** Confirmations already made, by template and edited lines: a fleet repeats the same edit. */
const confirmed = new Set<string>();

export interface LexingInput {
  before: string;
  after: string;
  /** The edited document in `before`, and its counterpart in `after`. */
  segment: Segment;
  segmentAfter: Segment;
  edits: readonly WrittenEdit[];
  /** The document's template; without one (a file with %directives) it is lexed as written. */
  view: ShapedText | undefined;
  fail: (e: FieldEdit | undefined, why: string) => SpliceError;
  reads: (source: string, e: FieldEdit) => boolean;
}

/**
 * Lexes the edited document before and after: the token streams must be identical except for the
 * edited scalars, which must be single scalar tokens of the same kind that resolve to `to`. The
 * lines holding an edit are lexed as written and every other line as its shape, which lexes alike
 * (src/yaml/shape.ts), so one fleet-wide edit that changes quoting is lexed once, not per file.
 */
export function confirmByLexing(input: LexingInput): void {
  const { before, after, segment, segmentAfter, edits, view, fail } = input;
  const sorted = byOffset([...edits], (e) => e.field.start);
  const keepA = sorted.map((e) => ({ from: e.field.start, to: e.field.end }));
  let shift = segmentAfter.start - segment.start;
  const keepB = sorted.map((e) => {
    const from = e.field.start + shift;
    shift += e.written.length - (e.field.end - e.field.start);
    return { from, to: from + e.written.length };
  });
  const a = shapeOutside(before, segment, keepA, !view);
  const b = shapeOutside(after, segmentAfter, keepB, !view);
  const key =
    view &&
    `${view.template.id}\u0001${a.kept}\u0001${b.kept}\u0001${sorted.map((e) => `${e.to}\u0000${e.field.style}`).join('\u0000')}`;
  if (key && confirmed.has(key)) return;
  const tokensA = lex(a.shape);
  const tokensB = lex(b.shape);
  if (tokensA.length !== tokensB.length)
    throw fail(undefined, 'an edit changed the structure of the document');
  const pending = new Map(sorted.map((e, i) => [a.at.get(keepA[i]!.from)!, e]));
  let offset = 0;
  for (let i = 0; i < tokensA.length; i += 1) {
    const ta = tokensA[i]!;
    const tb = tokensB[i]!;
    if (ta !== tb) {
      const e = pending.get(offset);
      if (!e || ta !== before.slice(e.field.start, e.field.end))
        throw fail(e, 'an edit changed more than the version scalar');
      if (!input.reads(tb, e)) throw fail(e, `${e.field.field} does not read '${e.to}' after the edit`);
      pending.delete(offset);
    }
    offset += ta.length;
  }
  for (const e of pending.values())
    if (e.field.value !== e.to) throw fail(e, 'the edited scalar was not found again');
  if (key && confirmed.size < 4096) confirmed.add(key);
}

function lex(text: string): string[] {
  // Mode and kind markers are dropped: a plain scalar that had to be quoted loses its marker.
  return [...new Lexer().lex(text)].filter((t) => !MARKERS.has(t));
}

/**
 * The segment with every line that overlaps a kept range written out and the others shaped; `at`
 * gives each kept range's start in the result, `kept` the kept lines with their numbers.
 */
function shapeOutside(
  text: string,
  segment: Segment,
  keep: readonly { from: number; to: number }[],
  verbatim: boolean,
): { shape: string; at: Map<number, number>; kept: string } {
  const at = new Map<number, number>();
  if (verbatim) {
    for (const k of keep) at.set(k.from, k.from - segment.start);
    return { shape: text.slice(segment.start, segment.end), at, kept: '' };
  }
  let shape = '';
  let kept = '';
  let line = 0;
  for (let start = segment.start; start < segment.end; line += 1) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 || newline >= segment.end ? segment.end : newline + 1;
    if (keep.some((k) => k.from < end && k.to > start)) {
      for (const k of keep)
        if (k.from >= start && k.from < end) at.set(k.from, shape.length + k.from - start);
      const written = text.slice(start, end);
      kept += `${line}\u0000${written}\u0000`;
      shape += written;
    } else shape += shapeOf(text, start, end);
    start = end;
  }
  return { shape, at, kept };
}
