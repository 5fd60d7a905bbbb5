/**
 * The shape of a YAML text: the text with every "word" that is not a mapping key replaced by `~`,
 * or by `~~` for a word of two characters or more that begins a line's content. A word is a run of
 * `[A-Za-z0-9_./+-]` that starts with a letter, digit, `_` or `/` right after a space, tab, line
 * break, `[ { , : " ' = @ (` or the start of the text.
 *
 * Two texts with the same shape lex and parse (yaml's Lexer and Parser, the CST) to the same tree,
 * token for token, with each token's extent moved by the substitutions before it. The lexer decides
 * by character classes, and words change none of them where it looks: a word holds no indicator,
 * quote, space, `#` or `:`; it starts with a letter, digit, `_` or `/`, as `~` is none of `-?:.%&*!|>`;
 * it ends where it ended, so the character after it is unchanged; and its one look-ahead past a
 * word's first character (after a line's indentation it asks whether the second character is
 * white space; yaml's lexer.js, parseLineStart) sees a non-space in both when a word that begins a
 * line is longer than one character, hence the two placeholders there. Words after `&`, `*`, `!`, `|`, `>`, `\`
 * or `%` (anchors, aliases, tags, block scalar headers, escapes, directives) are not at a boundary
 * and stay as written, and so do keys (a word followed by `:` and a space, line end or flow
 * indicator), which the duplicate-key check and path lookups compare — except after a `#` that may
 * start a comment, where a key-like word is only text.
 *
 * Documents that differ only in their words (names, versions, per-cluster values of any width,
 * comments) therefore share one shape, and a fleet of them is parsed once. Offsets map back to the
 * text line by line: substitutions never touch a line break.
 */

const WORD = 1;
const START = 2;
const BOUNDARY = 4;
/** After `:`, these make the word before it a key. */
const KEY_END = 8;
const TILDE = 0x7e;
const HASH = 0x23;
export const NEWLINE = 0x0a;
const CR = 0x0d;
/** Before `#`, these let it start a comment. */
const SPACE = 16;

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_/]/.test(ch)) CLASS[c]! |= WORD | START;
  if (/[.+-]/.test(ch)) CLASS[c]! |= WORD;
  if (/[\n \t[{,:"'=@(]/.test(ch)) CLASS[c]! |= BOUNDARY;
  if (/[ \t\r\n,[\]{}]/.test(ch)) CLASS[c]! |= KEY_END;
  if (/[ \t\r\n]/.test(ch)) CLASS[c]! |= SPACE;
}

const is = (code: number, flag: number): boolean => code < 128 && (CLASS[code]! & flag) !== 0;

/**
 * Where the word starting at `i` ends, or -1 when no word to replace starts there (not a word start,
 * or a key). `start` and `end` bound the text being shaped (a document), as its edges count as line
 * start and line end. After a `#` that may start a comment, keys are words like any other: whether
 * that `#` starts a comment or sits in a quoted or block scalar, what follows it on the line is
 * text the structure does not depend on, and comments often read "Note: …".
 */
export function wordEnd(text: string, i: number, start: number, end: number, comment = false): number {
  if (!is(text.charCodeAt(i), START)) return -1;
  if (i > start && !is(text.charCodeAt(i - 1), BOUNDARY)) return -1;
  let k = i + 1;
  while (k < end && is(text.charCodeAt(k), WORD)) k += 1;
  if (
    !comment &&
    k < end &&
    text.charCodeAt(k) === 0x3a &&
    (k + 1 >= end || is(text.charCodeAt(k + 1), KEY_END))
  )
    return -1;
  return k;
}

/** Whether the `#` at `i` may start a comment (it follows white space or starts the text). */
export function hash(text: string, i: number, start: number): boolean {
  return text.charCodeAt(i) === HASH && (i === start || is(text.charCodeAt(i - 1), SPACE));
}

/** Whether a `#` that may start a comment comes before `offset` on the line starting at `lineStart`. */
export function commentBefore(text: string, lineStart: number, offset: number, start: number): boolean {
  // A loop over the line, not lastIndexOf: that would search on back through the whole file.
  for (let j = lineStart; j < offset; j += 1) if (hash(text, j, start)) return true;
  return false;
}

/** Whether the word at `i` is the first thing on its line after the indentation. */
export function leads(text: string, i: number, start: number): boolean {
  let j = i - 1;
  while (j >= start && text.charCodeAt(j) === 0x20) j -= 1;
  return j < start || text.charCodeAt(j) === NEWLINE;
}
/**
 * How many `~` replace the word `text[i, k)`: two for a word of two characters or more that is the
 * first thing on its line after the indentation (where the lexer looks two characters ahead), one
 * for any other word.
 */
export function width(text: string, i: number, k: number, start: number): 1 | 2 {
  return k - i > 1 && leads(text, i, start) ? 2 : 1;
}

const placeholder = (n: 1 | 2): string => (n === 1 ? '~' : '~~');

/**
 * Whether a line keeps its shape when the scalar written `a` there is written `b` instead, `after`
 * being the character code that follows it (NaN at the end of the text), and the scalar starting
 * where a word may (after white space, a flow indicator or a quote). So it does when both are one
 * word, bare or in the same quotes, of one width class (see `width`), and that word is no key.
 */
export function sameWordShape(a: string, b: string, after: number): boolean {
  if (after === 0x3a || (a.charCodeAt(0) !== b.charCodeAt(0) && (isQuote(a) || isQuote(b)))) return false;
  const width = oneWordClass(a);
  return width !== 0 && width === oneWordClass(b);
}

const isQuote = (s: string): boolean => s.startsWith('"') || s.startsWith("'");

/**
 * Whether `source` is one scalar written as a single word, bare or between one pair of like quotes
 * (`1.19.5`, `"1.19.5"`, `'1.19.5'`), and the width class of that word (1: one character, 2: more);
 * 0 when it is anything else.
 */
function oneWordClass(source: string): 0 | 1 | 2 {
  const q = source.charCodeAt(0);
  const quoted = q === 0x22 || q === 0x27;
  const from = quoted ? 1 : 0;
  const to = quoted ? source.length - 1 : source.length;
  if (to <= from || (quoted && source.charCodeAt(to) !== q)) return 0;
  if (!is(source.charCodeAt(from), START)) return 0;
  for (let i = from + 1; i < to; i += 1) if (!is(source.charCodeAt(i), WORD)) return 0;
  return to - from > 1 ? 2 : 1;
}

/** The words of `text[start, end)` that its shape replaces, as `[from, to)` ranges. */
export function wordsOf(text: string, start = 0, end = text.length): [number, number][] {
  const out: [number, number][] = [];
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) comment = false;
    else if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
    if (k < 0) i += 1;
    else {
      out.push([i, k]);
      i = k;
    }
  }
  return out;
}

/**
 * The shape of `text[start, end)`: wordsOf's words replaced, in one pass that reads each character
 * once (it is the hot loop of a plan's reading: every new shape, and every document a reading
 * thread names ahead). A key's characters are passed over with it, as no word starts inside one.
 */
export function shapeOf(text: string, start = 0, end = text.length): string {
  let out = '';
  let last = start;
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (is(c, START)) {
      if (i > start && !is(text.charCodeAt(i - 1), BOUNDARY)) {
        i += 1;
        continue;
      }
      let k = i + 1;
      while (k < end && is(text.charCodeAt(k), WORD)) k += 1;
      const key =
        !comment &&
        k < end &&
        text.charCodeAt(k) === 0x3a &&
        (k + 1 >= end || is(text.charCodeAt(k + 1), KEY_END));
      if (!key) {
        out += text.slice(last, i) + placeholder(width(text, i, k, start));
        last = k;
      }
      i = k;
      continue;
    }
    if (c === NEWLINE) comment = false;
    else if (!comment && c === HASH && (i === start || is(text.charCodeAt(i - 1), SPACE))) comment = true;
    i += 1;
  }
  return last === start ? text.slice(start, end) : out + text.slice(last, end);
}

/**
 * Whether `text[start, end)` has the shape `shape`, without building it; with `anyBreak`, whether
 * it has once each `\r\n` is read as `\n`.
 */
export function hasShape(text: string, start: number, end: number, shape: string, anyBreak = false): boolean {
  let j = 0;
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (anyBreak && c === CR && i + 1 < end && text.charCodeAt(i + 1) === NEWLINE) {
      i += 1;
      continue;
    }
    if (c === NEWLINE) comment = false;
    else if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
    if (k < 0) {
      if (c !== shape.charCodeAt(j)) return false;
      i += 1;
      j += 1;
      continue;
    }
    const n = width(text, i, k, start);
    if (shape.charCodeAt(j) !== TILDE) return false;
    if (n === 2 && shape.charCodeAt(j + 1) !== TILDE) return false;
    j += n;
    i = k;
  }
  return j === shape.length;
}

/**
 * The text offset `columns` shape columns on from text offset `from` (a line start, or an offset
 * this function returned, with `comment` telling whether a comment began before it on its line).
 * A column inside a placeholder maps to the end of its word.
 */
export function textOffset(
  text: string,
  from: number,
  columns: number,
  start: number,
  end: number,
  comment = false,
): number {
  let i = from;
  let inComment = comment;
  for (let s = 0; s < columns && i < end; ) {
    if (!inComment && hash(text, i, start)) inComment = true;
    const k = wordEnd(text, i, start, end, inComment);
    if (k < 0) {
      i += 1;
      s += 1;
    } else {
      s += width(text, i, k, start);
      i = k;
    }
  }
  return i;
}

/**
 * The shape column of text offset `offset` on the line starting at `lineStart`, or -1 when the
 * offset falls inside a replaced word (it then has no place of its own in the shape).
 */
export function shapeColumn(
  text: string,
  lineStart: number,
  offset: number,
  start: number,
  end: number,
): number {
  let s = 0;
  let comment = false;
  for (let i = lineStart; i < offset; ) {
    if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
    if (k < 0) {
      i += 1;
      s += 1;
    } else {
      if (k > offset) return -1;
      s += width(text, i, k, start);
      i = k;
    }
  }
  return s;
}
