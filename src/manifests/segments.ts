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
  const marker = /^\uFEFF?(?:(---)(?=[ \t\r\n]|$)|(\.\.\.)(?=[ \t\r\n]|$)[^\n]*(?:\n|$)|%)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m[1]) add(m.index + (m[0].startsWith('\uFEFF') ? 1 : 0));
    else if (m[2]) add(m.index + m[0].length);
    else hasDirectives = true;
  }
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
