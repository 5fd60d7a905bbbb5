import type { CST } from 'yaml';
import { commentBefore, textOffset, width, wordEnd } from './shape.ts';
import { resolve, shapeScalar, type Template } from './template.ts';

type Tok = CST.Token;

const TILDE = 0x7e;

/**
 * One document of a file read through its template: the template's CST tokens are shared, and
 * their offsets and texts are mapped back to this document's own text on demand. Only the few
 * tokens a reader looks at (kinds, names, versions) are ever mapped.
 */
export class ShapedText {
  readonly text: string;
  /** The document's range in `text`; CST offsets count from `start`. */
  readonly start: number;
  readonly end: number;
  readonly template: Template;
  /** A line whose start is known, so reading on down the document does not rescan it. */
  #line = 0;
  #lineStart: number;
  /** The last shape offset mapped, where it fell in `text`, and whether a comment began before it on its line. */
  #mappedShape = -1;
  #mappedText = 0;
  #mappedComment = false;

  constructor(text: string, start: number, end: number, template: Template) {
    this.text = text;
    this.start = start;
    this.end = end;
    this.template = template;
    this.#lineStart = start;
  }

  /** The offset in `text` of an offset in the template's shape. */
  offsetOf(shapeOffset: number): number {
    if (this.template.verbatim) return this.start + shapeOffset;
    const index = this.template.lineOf(shapeOffset);
    const shapeLineStart = this.template.lineStart(index);
    // Tokens are mostly read in order: go on from the last offset mapped when it is on this line,
    // with what is known about comments up to it (a line is then walked once, not once per token).
    const onLine = this.#mappedShape >= shapeLineStart && this.#mappedShape <= shapeOffset;
    const from = onLine ? this.#mappedText : this.#startOfLine(index);
    const columns = shapeOffset - (onLine ? this.#mappedShape : shapeLineStart);
    const comment = onLine && this.#mappedComment;
    const offset = textOffset(this.text, from, columns, this.start, this.end, comment);
    this.#mappedShape = shapeOffset;
    this.#mappedText = offset;
    this.#mappedComment = comment || commentBefore(this.text, from, offset, this.start);
    return offset;
  }

  /** Where a token starts in `text` (the document's start for none). */
  offset(token: { offset: number } | null | undefined): number {
    return token ? this.offsetOf(token.offset) : this.start;
  }

  /** A token's source as this document writes it. */
  source(token: { offset: number; source: string; props?: unknown }): string {
    // A line break may be \r\n here where the template has \n (Template.anyBreak).
    const written = token.source;
    if (this.template.verbatim || (!written.includes('~') && !written.includes('\n'))) return written;
    const begin = sourceStart(token);
    return this.text.slice(this.offsetOf(begin), this.offsetOf(begin + token.source.length));
  }

  /** The string a scalar token denotes here (quotes and escapes resolved); undefined for anything else. */
  scalar(token: Tok | null | undefined): string | undefined {
    if (!token) return undefined;
    if (
      token.type !== 'scalar' &&
      token.type !== 'single-quoted-scalar' &&
      token.type !== 'double-quoted-scalar'
    )
      return undefined;
    if (this.template.verbatim || !token.source.includes('~')) return shapeScalar(token);
    const word = this.#oneWord(token);
    if (word !== undefined) return word;
    const source = this.source(token);
    // The template resolved its own token without complaint and a word holds no quote, escape or
    // line break: on one line with none of those, a scalar is what its quotes enclose.
    const inner = token.type === 'scalar' ? source : source.slice(1, -1);
    if (!/[\n\r\\'"]/.test(inner)) return inner;
    return resolve({ ...token, source });
  }

  /**
   * Whether this document may hold a syntax error that its template could not rule out: a key that
   * repeats once its replaced words are read, or an implicit key over the composer's 1024
   * characters (words made short in the shape can make a long line).
   */
  mayBeBroken(): boolean {
    if (this.template.broken) return true;
    const growth = this.end - this.start - this.template.shape.length;
    if (this.template.longestLine + growth > 1024 && longestLine(this.text, this.start, this.end) > 1024)
      return true;
    return this.#hasDuplicateKey();
  }

  #hasDuplicateKey(): boolean {
    for (const check of this.template.keyChecks) {
      const seen = new Set(check.known);
      for (const key of check.keys) {
        const text = this.scalar(key);
        if (text === undefined) continue;
        if (seen.has(text)) return true;
        seen.add(text);
      }
    }
    return false;
  }

  /**
   * The value of a scalar token that is one placeholder, bare or quoted (`~`, `~~`, `"~"`, `'~'`:
   * most names and versions): the word the placeholder stands for, read where it starts.
   */
  #oneWord(token: { offset: number; source: string; type: string }): string | undefined {
    const written = token.source;
    const quoted = token.type !== 'scalar';
    if (
      quoted ? written.length !== 3 || written.charCodeAt(1) !== TILDE : written !== '~' && written !== '~~'
    )
      return undefined;
    const from = this.offsetOf(token.offset) + (quoted ? 1 : 0);
    const to = wordEnd(this.text, from, this.start, this.end);
    // The word must be the whole token: `A~` has the shape `~~` too, a word and a tilde.
    if (to < 0 || width(this.text, from, to, this.start) !== (quoted ? 1 : written.length)) return undefined;
    if (quoted && this.text.charCodeAt(to) !== written.charCodeAt(0)) return undefined;
    return this.text.slice(from, to);
  }

  #startOfLine(index: number): number {
    if (index < this.#line) {
      this.#line = 0;
      this.#lineStart = this.start;
    }
    while (this.#line < index) {
      const nl = this.text.indexOf('\n', this.#lineStart);
      this.#lineStart = nl < 0 ? this.end : nl + 1;
      this.#line += 1;
    }
    return this.#lineStart;
  }
}

/** Where a token's source begins: a block scalar's offset is its header's, and its source follows the header line. */
function sourceStart(token: { offset: number; props?: unknown }): number {
  const props = token.props as { offset: number; source: string }[] | undefined;
  const last = props?.at(-1);
  return last ? last.offset + last.source.length : token.offset;
}

function longestLine(text: string, start: number, end: number): number {
  let longest = 0;
  let from = start;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - from);
    from = i + 1;
  }
  return Math.max(longest, end - from);
}
