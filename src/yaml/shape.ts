/**
 * The shape of a YAML text: the text with every "word" that is not a mapping key replaced by `~`
 * (one character) or `~~` (longer). A word is a run of `[A-Za-z0-9_./+-]` that starts with a letter,
 * digit, `_` or `/` right after a space, tab, line break, `[ { , : " ' = @ (` or the start of the text.
 *
 * Two texts with the same shape lex and parse (yaml's Lexer and Parser, the CST) to the same tree,
 * token for token, with each token's extent moved by the substitutions before it. The lexer decides
 * by character classes, and words change none of them where it looks: a word holds no indicator,
 * quote, space, `#` or `:`; it starts with a letter, digit, `_` or `/`, as `~` is none of `-?:.%&*!|>`;
 * it ends where it ended, so the character after it is unchanged; and the one look-ahead of two
 * characters (a line's first two, for `- `, `? `, `: `) sees a non-space in both when the word is
 * longer than one character, hence the two placeholders. Words after `&`, `*`, `!`, `|`, `>`, `\`
 * or `%` (anchors, aliases, tags, block scalar headers, escapes, directives) are not at a boundary
 * and stay as written, and so do keys (a word followed by `:` and a space, line end or flow
 * indicator), which the duplicate-key check and path lookups compare.
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

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9_/]/.test(ch)) CLASS[c]! |= WORD | START;
  if (/[.+-]/.test(ch)) CLASS[c]! |= WORD;
  if (/[\n \t[{,:"'=@(]/.test(ch)) CLASS[c]! |= BOUNDARY;
  if (/[ \t\r\n,[\]{}]/.test(ch)) CLASS[c]! |= KEY_END;
}

const is = (code: number, flag: number): boolean => code < 128 && (CLASS[code]! & flag) !== 0;

/**
 * Where the word starting at `i` ends, or -1 when no word to replace starts there (not a word start,
 * or a key). `start` and `end` bound the text being shaped (a document), as its edges count as line
 * start and line end.
 */
export function wordEnd(text: string, i: number, start: number, end: number): number {
  if (!is(text.charCodeAt(i), START)) return -1;
  if (i > start && !is(text.charCodeAt(i - 1), BOUNDARY)) return -1;
  let k = i + 1;
  while (k < end && is(text.charCodeAt(k), WORD)) k += 1;
  if (k < end && text.charCodeAt(k) === 0x3a && (k + 1 >= end || is(text.charCodeAt(k + 1), KEY_END)))
    return -1;
  return k;
}

const placeholder = (length: number): string => (length === 1 ? '~' : '~~');

/** The shape of `text[start, end)`. */
export function shapeOf(text: string, start = 0, end = text.length): string {
  let out = '';
  let last = start;
  for (let i = start; i < end; ) {
    const k = wordEnd(text, i, start, end);
    if (k < 0) {
      i += 1;
      continue;
    }
    out += text.slice(last, i) + placeholder(k - i);
    last = k;
    i = k;
  }
  return last === start ? text.slice(start, end) : out + text.slice(last, end);
}

/** Whether `text[start, end)` has the shape `shape`, without building it. */
export function hasShape(text: string, start: number, end: number, shape: string): boolean {
  let j = 0;
  for (let i = start; i < end; ) {
    const k = wordEnd(text, i, start, end);
    if (k < 0) {
      if (text.charCodeAt(i) !== shape.charCodeAt(j)) return false;
      i += 1;
      j += 1;
      continue;
    }
    if (shape.charCodeAt(j) !== TILDE) return false;
    if (k - i > 1 && shape.charCodeAt(j + 1) !== TILDE) return false;
    j += k - i > 1 ? 2 : 1;
    i = k;
  }
  return j === shape.length;
}

/**
 * The text offset of column `column` of the shape line that starts at text offset `lineStart`.
 * A column inside a placeholder maps to the end of its word.
 */
export function textOffset(
  text: string,
  lineStart: number,
  column: number,
  start: number,
  end: number,
): number {
  let i = lineStart;
  for (let s = 0; s < column && i < end; ) {
    const k = wordEnd(text, i, start, end);
    if (k < 0) {
      i += 1;
      s += 1;
    } else {
      s += k - i > 1 ? 2 : 1;
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
  for (let i = lineStart; i < offset; ) {
    const k = wordEnd(text, i, start, end);
    if (k < 0) {
      i += 1;
      s += 1;
    } else {
      if (k > offset) return -1;
      s += k - i > 1 ? 2 : 1;
      i = k;
    }
  }
  return s;
}
