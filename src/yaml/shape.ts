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
const NEWLINE = 0x0a;
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
function hash(text: string, i: number, start: number): boolean {
  return text.charCodeAt(i) === HASH && (i === start || is(text.charCodeAt(i - 1), SPACE));
}

/** Whether a `#` that may start a comment comes before `offset` on the line starting at `lineStart`. */
export function commentBefore(text: string, lineStart: number, offset: number, start: number): boolean {
  // A loop over the line, not lastIndexOf: that would search on back through the whole file.
  for (let j = lineStart; j < offset; j += 1) if (hash(text, j, start)) return true;
  return false;
}

const placeholder = (length: number): string => (length === 1 ? '~' : '~~');

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

/** The shape of `text[start, end)`. */
export function shapeOf(text: string, start = 0, end = text.length): string {
  let out = '';
  let last = start;
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) comment = false;
    else if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
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

/**
 * Counts of characters no word holds (line breaks, `:`, quotes, `#`, brackets): equal for texts of
 * one shape, cheap to take (the engine's own search), and different for most shapes that differ.
 * It picks the candidates a matcher then confirms.
 */
export function shapeKey(text: string, start: number, end: number): string {
  // The document alone (a slice shares the file's characters): a search must not run on past it.
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  let key = '';
  for (const ch of KEY_CHARACTERS) {
    let n = 0;
    for (let i = part.indexOf(ch); i >= 0; i = part.indexOf(ch, i + 1)) n += 1;
    key += `${n},`;
  }
  return key;
}

const KEY_CHARACTERS = ['\n', ':', '"', "'", '#', '{', '['];

/** Past this size a matcher's pattern would cost more to compile than comparing costs. */
const MATCHER_LIMIT = 64 * 1024;

/**
 * A test for "has the shape of `text[start, end)`", compiled to a regular expression: the text's
 * other characters literally, each word as a run of word characters of its length class. It holds
 * exactly for texts of the same shape: a word's neighbours are literal, so where a word starts,
 * ends, and whether it is a key or inside a comment, is decided as it was in `text`.
 */
export function shapeMatcher(
  text: string,
  start: number,
  end: number,
): (other: string, from: number, to: number) => boolean {
  const shape = end - start > MATCHER_LIMIT ? shapeOf(text, start, end) : undefined;
  if (shape !== undefined) return (other, from, to) => hasShape(other, from, to, shape);
  let pattern = '';
  let last = start;
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) comment = false;
    else if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
    if (k < 0) {
      i += 1;
      continue;
    }
    pattern += escapeRegExp(text.slice(last, i)) + (k - i === 1 ? ONE_WORD : LONG_WORD);
    last = k;
    i = k;
  }
  const regex = new RegExp(pattern + escapeRegExp(text.slice(last, end)), 'y');
  return (other, from, to) => {
    regex.lastIndex = from;
    return regex.test(other) && regex.lastIndex === to;
  };
}

const ONE_WORD = '[A-Za-z0-9_/]';
const LONG_WORD = '[A-Za-z0-9_/][A-Za-z0-9_./+-]+';

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Whether `text[start, end)` has the shape `shape`, without building it. */
export function hasShape(text: string, start: number, end: number, shape: string): boolean {
  let j = 0;
  let comment = false;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) comment = false;
    else if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
    if (k < 0) {
      if (c !== shape.charCodeAt(j)) return false;
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
  let comment = false;
  for (let i = lineStart; i < offset; ) {
    if (!comment && hash(text, i, start)) comment = true;
    const k = wordEnd(text, i, start, end, comment);
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
