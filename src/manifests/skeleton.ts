/** A `values:` key with nothing after it on its line: its value is the block below. */
const VALUES_KEY = /^( *)values:[ \t]*(?:#.*)?\r?$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;
/** A flow collection left open at a line end: its lines are not blocks, so nothing is blanked. */
const MULTILINE_FLOW = /[[{,][ \t]*(?:#.*)?\r?$/m;

/**
 * The document text with the body of every block-style `values:` map (Helm values, the bulk of most
 * HelmReleases) blanked to spaces, line breaks kept, so every offset stays where it was. GUARD never
 * reads or edits values, so locating and confirming versions on this skeleton gives the same ranges
 * as on the full text at a fraction of the parsing — and documents that differ only in their values
 * share one skeleton, which a plan parses once.
 *
 * A block ends at the first line that is neither blank, a comment, more indented than the key, nor
 * a `-` item at the key's own indent (a compact sequence value).
 */
export function skeleton(text: string): string {
  if (!text.includes('values:') || MULTILINE_FLOW.test(text)) return text;
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i += 1) {
    const key = VALUES_KEY.exec(lines[i]!);
    if (!key) continue;
    const indent = key[1]!.length;
    let j = i + 1;
    for (; j < lines.length; j += 1) {
      const line = lines[j]!;
      const own = line.length - line.trimStart().length;
      const inside =
        BLANK_OR_COMMENT.test(line) || own > indent || (own === indent && /^ *-(?:[ \t]|\r?$)/.test(line));
      if (!inside) break;
      lines[j] = line.replace(/[^\r]/g, ' ');
      changed = true;
    }
    i = j - 1;
  }
  return changed ? lines.join('\n') : text;
}

/** A line indented with a tab before its content: such a document is parsed as written. */
export const TAB_INDENT = /^ *\t[ \t]*[^\s#]/m;

/** The text GUARD lexes and parses for a document: its skeleton, or the text itself when tabs indent it. */
export function documentShape(text: string): string {
  return TAB_INDENT.test(text) ? text : skeleton(text);
}
