/** A document's slice of a multi-document YAML file. */
export interface Segment {
  /** Offset of the segment's first character in the file. */
  start: number;
  end: number;
  text: string;
}

/**
 * Splits a YAML stream into its documents without parsing them. A `---` or `...` marker at the
 * start of a line always ends the document before it (YAML forbids such lines inside any scalar),
 * so the split is exact for streams without `%` directives; callers fall back to a whole-file
 * parse when `hasDirectives` is set.
 */
export function splitDocuments(text: string): { segments: Segment[]; hasDirectives: boolean } {
  const starts = [0];
  let hasDirectives = false;
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m[0] === '%') {
      hasDirectives = true;
      continue;
    }
    if (m.index > 0) starts.push(m.index);
  }
  const segments = starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    return { start, end, text: text.slice(start, end) };
  });
  return { segments, hasDirectives };
}
