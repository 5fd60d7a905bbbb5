/** A document's slice of a multi-document YAML file. */
export interface Segment {
  /** Offset of the segment's first character in the file. */
  start: number;
  end: number;
  text: string;
}

/** Blank lines, comments and `...` markers: what separates documents without being one. */
const NOT_A_DOCUMENT =
  /^(?:[ \t]*(?:#[^\n]*)?\r?\n|\.\.\.[ \t]*(?:#[^\n]*)?(?:\r?\n|$)|[ \t]*(?:#[^\n]*)?$)*$/;

/**
 * Splits a YAML stream into its documents without parsing them. A `---` or `...` marker at the
 * start of a line always ends the document before it (YAML forbids such lines inside any scalar),
 * so the split is exact for streams without `%` directives; callers fall back to a whole-file
 * parse when `hasDirectives` is set. A segment starts at a `---` line or on the line after a
 * `...` line; `documents` counts the segments that hold a document.
 */
export interface DocumentSplit {
  segments: Segment[];
  hasDirectives: boolean;
  documents: number;
}

export function splitDocuments(text: string): DocumentSplit {
  // Markers are found in order, so the starts come out sorted; only a repeat needs skipping.
  const starts = [0];
  const add = (start: number) => {
    if (start !== starts[starts.length - 1] && start < text.length) starts.push(start);
  };
  let hasDirectives = false;
  forEachMarker(text, (kind, at, after) => {
    if (kind === '-') add(at);
    else if (kind === '.') add(after);
    else hasDirectives = true;
  });
  const segments: Segment[] = [];
  let documents = 0;
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    const segment = { start, end, text: text.slice(start, end) };
    segments.push(segment);
    const body = segment.text.startsWith('\uFEFF') ? segment.text.slice(1) : segment.text;
    if (segment.text.startsWith('---') || !NOT_A_DOCUMENT.test(body)) documents += 1;
  }
  return { segments, hasDirectives, documents };
}

/** A `---` (kind '-'), `...` ('.') or `%` marker at `at`; a `...` line ends at `after`. */
type OnMarker = (kind: '-' | '.' | '%', at: number, after: number) => void;

/**
 * The document markers of `text` in order: `---` or `...` followed by a blank or a line's end, and
 * `%`, each at the start of a line (after a byte order mark, if any), as MARKER finds them. A text
 * with no line break but `\n` and `\r\n`, and no byte order mark past its first character, is
 * searched for the three markers directly, which skips the lines between them; any other runs MARKER.
 */
function forEachMarker(text: string, on: OnMarker): void {
  if (hasUnusualBreak(text) || text.indexOf('\uFEFF', 1) >= 0) {
    markersByPattern(text, on);
    return;
  }
  const from = text.charCodeAt(0) === BOM ? 1 : 0;
  let dashes = nextAtLineStart(text, '---', from);
  let dots = nextAtLineStart(text, '...', from);
  let percent = nextAtLineStart(text, '%', from);
  while (dashes >= 0 || dots >= 0 || percent >= 0) {
    const at = earlier(earlier(dashes, dots), percent);
    if (at === dashes) {
      if (endsMarker(text, at + 3)) on('-', at, at + 3);
      dashes = nextAtLineStart(text, '---', at + 3);
    } else if (at === dots) {
      let after = at + 3;
      if (endsMarker(text, after)) {
        const nl = text.indexOf('\n', after);
        after = nl < 0 ? text.length : nl + 1;
        // The rest of the line is the marker's; with \n the only line break, no marker starts in it.
        on('.', at, after);
      }
      dots = nextAtLineStart(text, '...', after);
    } else {
      on('%', at, at + 1);
      percent = nextAtLineStart(text, '%', at + 1);
    }
  }
}

const BOM = 0xfeff;
/** A line break other than \n and \r\n: a lone \r, or U+2028/U+2029, which MARKER's ^ and $ count. */
function hasUnusualBreak(text: string): boolean {
  if (text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) return true;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1))
    if (text.charCodeAt(i + 1) !== NEWLINE) return true;
  return false;
}

/** The earlier of two offsets, -1 standing for none. */
function earlier(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}
const MARKER = /^\uFEFF?(?:(---)(?=[ \t\r\n]|$)|(\.\.\.)(?=[ \t\r\n]|$)[^\n]*(?:\n|$)|%)/gm;

/** The first `marker` at or past `from` that starts a line (or the text, after its byte order mark). */
function nextAtLineStart(text: string, marker: string, from: number): number {
  for (let i = text.indexOf(marker, from); i >= 0; i = text.indexOf(marker, i + 1)) {
    const before = i === 0 ? -1 : text.charCodeAt(i - 1);
    if (before === -1 || before === NEWLINE || (i === 1 && before === BOM)) return i;
  }
  return -1;
}

const NEWLINE = 0x0a;

/** Whether a `---` or `...` ending at `end` is a marker: followed by a blank, a line break or nothing. */
function endsMarker(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const c = text.charCodeAt(end);
  return c === 0x20 || c === 0x09 || c === 0x0d || c === NEWLINE;
}

/** forEachMarker by the regular expression itself, for texts with unusual line breaks. */
function markersByPattern(text: string, on: OnMarker): void {
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const at = m.index + (m[0].startsWith('\uFEFF') ? 1 : 0);
    if (m[1]) on('-', at, at + 3);
    else if (m[2]) on('.', at, m.index + m[0].length);
    else on('%', at, at + 1);
  }
}
