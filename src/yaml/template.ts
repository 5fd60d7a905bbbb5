import { Composer, CST, Parser } from 'yaml';
import { shapeOf } from './shape.ts';
import { shapeMatcher } from './shape-match.ts';

type Tok = CST.Token;

/** A line indented with a tab before its content: the composer refuses it, the CST does not. */
const TAB_INDENT = /^ *\t[ \t]*[^\s#]/m;

/** A map whose keys include some with a replaced word: whether they repeat depends on each text. */
export interface KeyCheck {
  /** The keys written out in the shape, as text. */
  known: Set<string>;
  /** The keys holding a placeholder. */
  keys: Tok[];
}

/**
 * One parsed shape (see shape.ts): the yaml library's CST of it, shared by every document with that
 * shape, and what the CST says about its soundness.
 */
export class Template {
  readonly shape: string;
  readonly tokens: Tok[];
  /** True when the shape is the text itself (no words replaced): offsets map one to one. */
  readonly verbatim: boolean;
  /** Error tokens, an unclosed flow collection, a duplicate written-out key or tab indentation. */
  readonly broken: boolean;
  readonly keyChecks: KeyCheck[];
  /** The longest line of the shape, in characters. */
  readonly longestLine: number;
  /** Line breaks in the shape: as many as in every text of that shape. */
  readonly lines: number;
  /** Distinguishes templates in memo keys. */
  readonly id = ++templates;
  #lineStarts: number[] | undefined;
  #scalars: Map<number, Tok> | undefined;

  /** Whether a text has this shape. */
  readonly matches: (text: string, start: number, end: number) => boolean;

  /**
   * Whether the template stands for texts with line breaks of either kind, `\n` and `\r\n`: its
   * shape then has `\n` only. So it does when its CST holds every line break in a newline token of
   * its own (no scalar spans lines) and it is sound: the lexer then reads `\r\n` as it reads `\n`,
   * and a CRLF file shares the templates of the LF files like it.
   */
  readonly anyBreak: boolean;

  /** The template of `text[start, end)`, or of the text as written when `verbatim`. */
  constructor(text: string, start = 0, end = text.length, verbatim = false) {
    let shape = verbatim ? text.slice(start, end) : shapeOf(text, start, end);
    let parsed: Parsed | undefined;
    let found: Inspection | undefined;
    let anyBreak = false;
    if (!verbatim) {
      const lf = shape.includes('\r') ? shape.replace(/\r\n/g, '\n') : shape;
      // A lone \r is a character of the text, not a line break: such a shape is taken as written.
      if (!lf.includes('\r')) {
        const tried = parse(lf);
        // Only a sound shape is shared: around a syntax error the lexer may read \r\n unlike \n
        // (a broken document is composed in full for its message anyway, so sharing saves nothing).
        const seen = breaksInNewlinesOnly(tried.tokens) ? inspect(tried.tokens) : undefined;
        if (seen && !tried.refused && !TAB_INDENT.test(lf) && !seen.broken) {
          shape = lf;
          parsed = tried;
          found = seen;
          anyBreak = true;
        } else if (lf === shape) {
          parsed = tried;
          found = seen;
        }
      }
    }
    parsed ??= parse(shape);
    this.shape = shape;
    this.verbatim = verbatim;
    this.anyBreak = anyBreak;
    this.matches = verbatim
      ? (other, from, to) => to - from === shape.length && other.startsWith(shape, from)
      : shapeMatcher(text, start, end, anyBreak);
    const { tokens, refused } = parsed;
    this.tokens = tokens;
    // The tokens' inspection, when the line-break check above did not already make it.
    found ??= inspect(this.tokens);
    this.broken = refused || found.broken || TAB_INDENT.test(shape);
    this.keyChecks = found.keyChecks;
    this.longestLine = longestLine(shape);
    this.lines = this.#starts().length - 1;
  }

  /** The plain or quoted scalar token that starts at `offset` of the shape, if any. */
  scalarAt(offset: number): Tok | undefined {
    this.#scalars ??= scalarsOf(this.tokens);
    return this.#scalars.get(offset);
  }

  /** The start of shape line `index` (0-based). */
  lineStart(index: number): number {
    return this.#starts()[index] ?? this.shape.length;
  }

  #starts(): number[] {
    this.#lineStarts ??= lineStarts(this.shape);
    return this.#lineStarts;
  }

  /** The index of the shape line holding `offset` (0-based). */
  lineOf(offset: number): number {
    const starts = this.#starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

let templates = 0;

interface Parsed {
  tokens: Tok[];
  /** Whether the composer found an error. */
  refused: boolean;
}

/**
 * The CST of a shape, composed once too, for what only the composer checks (indentation of
 * implicit keys, anchors): those depend on the structure alone. Keys are compared by the
 * template, where a replaced word in a key is told apart per document.
 */
function parse(shape: string): Parsed {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  const tokens: Tok[] = [];
  let refused = false;
  for (const token of new Parser().parse(shape)) {
    tokens.push(token);
    for (const doc of composer.next(token)) refused ||= doc.errors.length > 0;
  }
  for (const doc of composer.end()) refused ||= doc.errors.length > 0;
  return { tokens, refused };
}

/** Whether every token whose source holds a line break is a newline token (explicit stack: no recursion). */
function breaksInNewlinesOnly(tokens: readonly Tok[]): boolean {
  const stack: unknown[] = [...tokens];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const { type, source } = node as { type?: string; source?: unknown };
    if (typeof source === 'string' && type !== 'newline' && source.includes('\n')) return false;
    for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
  }
  return true;
}

function scalarsOf(tokens: readonly Tok[]): Map<number, Tok> {
  const out = new Map<number, Tok>();
  const stack: (Tok | null | undefined)[] = [...tokens];
  while (stack.length) {
    const t = stack.pop();
    if (!t) continue;
    if (t.type === 'scalar' || t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar')
      out.set(t.offset, t);
    else if (t.type === 'document') stack.push(t.value);
    else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection')
      for (const item of t.items as CST.CollectionItem[]) stack.push(item.key, item.value);
  }
  return out;
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
  }
  return Math.max(longest, text.length - start);
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** The text a scalar token of a shape denotes, remembered per token. */
const shapeText = new WeakMap<Tok, string | undefined>();

export function shapeScalar(token: Tok | null | undefined): string | undefined {
  if (!token) return undefined;
  if (shapeText.has(token)) return shapeText.get(token);
  const text = isFlowScalar(token) ? resolve(token) : undefined;
  shapeText.set(token, text);
  return text;
}

export function isFlowScalar(token: Tok): token is CST.FlowScalar {
  return (
    token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar'
  );
}

/** The scalar's value, or undefined when the composer would refuse it (a bad escape, an unclosed quote …). */
export function resolve(token: CST.FlowScalar | CST.BlockScalar): string | undefined {
  let failed = false;
  const value = CST.resolveAsScalar(token, true, () => {
    failed = true;
  })?.value;
  return failed ? undefined : value;
}

/**
 * Whether a CST may hide a syntax error (the CST is lenient where the composer is strict, so a
 * suspicious document is then composed in full for the exact message): error tokens, unclosed flow
 * collections, duplicate keys, scalars the composer would refuse. Also which maps need the
 * document's own text to rule out a duplicate key. An explicit stack, not recursion: a hostile
 * file may nest thousands of levels deep.
 */
interface Inspection {
  broken: boolean;
  keyChecks: KeyCheck[];
}

function inspect(tokens: readonly Tok[]): Inspection {
  const keyChecks: KeyCheck[] = [];
  const stack: (Tok | null | undefined)[] = [...tokens];
  while (stack.length) {
    const t = stack.pop();
    if (!t) continue;
    if (t.type === 'error') return { broken: true, keyChecks };
    if (t.type === 'document') {
      stack.push(t.value, ...((t.end ?? []) as Tok[]));
      continue;
    }
    if ((isFlowScalar(t) && t.type !== 'alias') || t.type === 'block-scalar') {
      if (resolve(t) === undefined) return { broken: true, keyChecks };
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    const items = t.items as CST.CollectionItem[];
    if (
      t.type === 'flow-collection' &&
      !t.end.some((e) => e.type === 'flow-map-end' || e.type === 'flow-seq-end')
    )
      return { broken: true, keyChecks };
    if (t.type !== 'block-seq') {
      const check = keysOf(items);
      if (check === 'duplicate') return { broken: true, keyChecks };
      if (check) keyChecks.push(check);
    }
    for (const item of items) {
      if (item.start.some(isError) || (item.sep ?? []).some(isError)) return { broken: true, keyChecks };
      stack.push(item.key, item.value);
    }
  }
  return { broken: false, keyChecks };
}

function keysOf(items: CST.CollectionItem[]): KeyCheck | 'duplicate' | undefined {
  const known = new Set<string>();
  const keys: Tok[] = [];
  for (const item of items) {
    const key = shapeScalar(item.key);
    if (key === undefined) continue;
    if (key.includes('~')) keys.push(item.key!);
    else if (known.has(key)) return 'duplicate';
    else known.add(key);
  }
  return keys.length ? { known, keys } : undefined;
}

function isError(token: { type: string }): boolean {
  return token.type === 'error';
}
