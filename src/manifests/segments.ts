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
  const starts = new Set([0]);
  let hasDirectives = false;
  const marker = /^\uFEFF?(?:(---)(?=[ \t\r\n]|$)|(\.\.\.)(?=[ \t\r\n]|$)[^\n]*(?:\n|$)|%)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m[1]) starts.add(m.index + (m[0].startsWith('\uFEFF') ? 1 : 0));
    else if (m[2]) starts.add(m.index + m[0].length);
    else hasDirectives = true;
  }
  const sorted = [...starts].filter((s) => s < text.length || s === 0).sort((a, b) => a - b);
  const segments = sorted.map((start, i) => {
    const end = sorted[i + 1] ?? text.length;
    return { start, end, text: text.slice(start, end) };
  });
  const documents = segments.filter(
    (s) => s.text.startsWith('---') || !NOT_A_DOCUMENT.test(s.text.replace(/^\uFEFF/, '')),
  ).length;
  return { segments, hasDirectives, documents };
}
