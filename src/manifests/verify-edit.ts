import { isDeepStrictEqual } from 'node:util';
import { type Document, parseAllDocuments, parseDocument } from 'yaml';
import { DEFAULT_YAML_LIMITS } from '../yaml/limits.ts';
import { splitDocuments } from './segments.ts';
import type { VersionField } from './version-field.ts';

/**
 * The last word before a file is written: parses the edited documents of `before` and `after` in
 * full with the yaml library's composer and confirms that `after` holds exactly the data of
 * `before` with each field set to `to`, and that every other document is byte for byte the same.
 * Returns what is wrong, or undefined. Planning confirms edits on document skeletons (fast, for
 * ten thousand clusters); this runs on the few files a wave actually writes.
 */
export function verifyEdit(
  before: string,
  after: string,
  edits: readonly { field: VersionField; to: string }[],
): string | undefined {
  const a = splitDocuments(before);
  const b = splitDocuments(after);
  if (a.hasDirectives || b.hasDirectives) {
    return safely(() =>
      compareDocuments(wholeFile(before), wholeFile(after), edits, (e) => e.field.docIndex),
    );
  }
  if (a.segments.length !== b.segments.length) return 'the edit changed the number of YAML documents';
  for (const [i, segment] of a.segments.entries()) {
    const inDoc = edits.filter((e) => e.field.docIndex === i);
    if (inDoc.length === 0 && segment.text !== b.segments[i]!.text)
      return `document ${i + 1} changed although no version in it was edited`;
    if (inDoc.length === 0) continue;
    const edited = b.segments[i]!.text;
    const problem = safely(() =>
      compareDocuments([parseDocument(segment.text)], [parseDocument(edited)], inDoc, () => 0),
    );
    if (problem) return problem;
  }
  return undefined;
}

function wholeFile(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text);
  return Array.isArray(docs) ? docs : [];
}

function compareDocuments(
  before: Document.Parsed[],
  after: Document.Parsed[],
  edits: readonly { field: VersionField; to: string }[],
  docOf: (e: { field: VersionField }) => number,
): string | undefined {
  if (before.length !== after.length) return 'the edit changed the number of YAML documents';
  for (const [i, doc] of after.entries()) {
    const original = before[i]!;
    if (original.errors.length)
      return `the file does not parse (${firstLine(original.errors[0]!.message)}); GUARD does not edit it`;
    if (doc.errors.length) return `the edited file does not parse: ${firstLine(doc.errors[0]!.message)}`;
    const expected = original.toJS({ maxAliasCount: DEFAULT_YAML_LIMITS.maxAliasCount });
    for (const e of edits.filter((x) => docOf(x) === i)) setIn(expected, e.field.astPath, e.to);
    if (!isDeepStrictEqual(doc.toJS({ maxAliasCount: DEFAULT_YAML_LIMITS.maxAliasCount }), expected)) {
      return 'the edited document does not read as the original with only the version changed';
    }
  }
  return undefined;
}

function setIn(data: unknown, path: readonly (string | number)[], value: string): void {
  let node = data as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Turning documents into data can refuse (too many aliases): a reason not to write, not a crash. */
function safely(compare: () => string | undefined): string | undefined {
  try {
    return compare();
  } catch (err) {
    return `the file cannot be read back (${(err as Error).message})`;
  }
}
