import { hash, hasShape, leads, NEWLINE, shapeOf, width, wordEnd } from './shape.ts';

/**
 * A number made of the counts of characters no word holds (line breaks, `:`, quotes, `#`,
 * brackets): equal for texts of one shape, cheap to take (the engine's own search), and different
 * for most shapes that differ. It picks the candidates a matcher then confirms, so a collision
 * costs a comparison, never a wrong match.
 */
export function shapeKey(text: string, start: number, end: number): number {
  // The document alone (a slice shares the file's characters): a search must not run on past it.
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  let key = 17;
  for (const ch of KEY_CHARACTERS) {
    let n = 0;
    for (let i = part.indexOf(ch); i >= 0; i = part.indexOf(ch, i + 1)) n += 1;
    key = (Math.imul(key, 31) + n) | 0;
  }
  return key;
}

// No \r: a CRLF text has the key of its LF twin, whose template may stand for both (Template.anyBreak).
const KEY_CHARACTERS = ['\n', ':', '"', "'", '#', '{', '['];

/** Past this size a matcher's pattern would cost more to compile than comparing costs. */
const MATCHER_LIMIT = 64 * 1024;

/**
 * A test for "has the shape of `text[start, end)`", compiled to a regular expression: the text's
 * other characters literally, each word as a run of word characters of its length class. It holds
 * exactly for texts of the same shape: a word's neighbours are literal, so where a word starts,
 * ends, and whether it is a key or inside a comment, is decided as it was in `text`. With
 * `anyBreak`, a line break matches `\n` and `\r\n` alike, as they are alike to the template.
 */
export function shapeMatcher(
  text: string,
  start: number,
  end: number,
  anyBreak = false,
): (other: string, from: number, to: number) => boolean {
  const shape = end - start > MATCHER_LIMIT ? shapeOf(text, start, end) : undefined;
  if (shape !== undefined) {
    const lf = anyBreak ? shape.replace(/\r\n/g, '\n') : shape;
    return (other, from, to) => hasShape(other, from, to, lf, anyBreak);
  }
  const literal = (piece: string) => {
    const escaped = escapeRegExp(piece);
    return anyBreak ? escaped.replace(/\r?\n/g, '\\r?\\n') : escaped;
  };
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
    const n = width(text, i, k, start);
    pattern +=
      literal(text.slice(last, i)) +
      (n === 2 ? LONG_WORD : k - i === 1 && leads(text, i, start) ? ONE_WORD : ANY_WORD);
    last = k;
    i = k;
  }
  const regex = new RegExp(pattern + literal(text.slice(last, end)), 'y');
  return (other, from, to) => {
    regex.lastIndex = from;
    return regex.test(other) && regex.lastIndex === to;
  };
}

const ONE_WORD = '[A-Za-z0-9_/]';
const ANY_WORD = '[A-Za-z0-9_/][A-Za-z0-9_./+-]*';
const LONG_WORD = '[A-Za-z0-9_/][A-Za-z0-9_./+-]+';

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
