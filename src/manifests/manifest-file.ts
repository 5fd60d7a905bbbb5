import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, tooLargeMessage, type YamlLimits } from '../yaml/limits.ts';
import { errorOffset } from '../yaml/read-yaml.ts';
import { ShapedText } from '../yaml/shaped-text.ts';
import { Template } from '../yaml/template.ts';
import { sharedTemplates, type TemplateMemo } from '../yaml/template-memo.ts';
import type { Tok } from './cst-nav.ts';
import { type DocumentSplit, type Segment, splitDocuments } from './segments.ts';

/** Words one of which every document holding a version field must contain. */
const RELEVANT = /HelmRelease|OCIRepository|Application|helmCharts|images/;

/** One parsed document of a manifest file. */
export interface ManifestDoc {
  /** Position among the file's documents (0-based), counting every `---`. */
  index: number;
  /** The document's root value in its template's CST; read it through `view`. */
  root: Tok | undefined;
  /** The document's text, read through its template (offsets are the file's). */
  view: ShapedText;
  /** What a reader worked out about the document, kept with it (see find-version-fields.ts). */
  facts?: object;
}

/** A repository file that may hold chart versions: Flux, Argo CD or Kustomize manifests. */
export interface ManifestFile {
  path: string;
  text: string;
  /** Only the documents that can hold a version field; the rest are left unparsed. */
  docs: ManifestDoc[];
  /** How the file splits into documents (see splitDocuments), for confirming edits. */
  split: DocumentSplit;
  position(offset: number): { line: number; col: number };
}

/**
 * Reads the documents of `text` that can hold a version field into the yaml library's CST, each
 * through the template of its shape (src/yaml/shape.ts): documents that differ only in names,
 * versions, values and comments share one parse. Unrelated documents (Services, HelmRepositories,
 * ConfigMaps …) are skipped unparsed: GUARD never edits them. A document whose CST may hide a
 * syntax error, values blocks included, is composed in full for the exact message.
 */
export function readManifest(
  path: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
  memo: TemplateMemo = sharedTemplates,
): { file?: ManifestFile; diagnostics: Diagnostic[] } {
  const position = lazyPositions(text);
  const fail = (offset: number, message: string) => ({
    diagnostics: [{ file: path, ...position(offset), message, severity: 'error' as const }],
  });
  // A UTF-16 code unit is at most three UTF-8 bytes: most files are clearly under the limit uncounted.
  if (text.length * 3 > limits.maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limits.maxBytes) return fail(0, tooLargeMessage(bytes, limits.maxBytes));
  }
  const split = splitDocuments(text);
  const { segments, hasDirectives, documents } = split;
  if (documents > limits.maxDocuments) {
    return fail(
      segments[limits.maxDocuments]?.start ?? 0,
      `file has more than ${limits.maxDocuments} YAML documents`,
    );
  }
  // With %directives a document depends on what precedes it, so the file is parsed whole, as written.
  const parts: Segment[] = hasDirectives
    ? [{ start: 0, end: text.length, text }]
    : segments.filter((s) => RELEVANT.test(s.text));
  const docs: ManifestDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const part of parts) {
    let index = hasDirectives ? 0 : segments.indexOf(part);
    const template = hasDirectives
      ? new Template(text, 0, text.length, true)
      : memo.of(text, part.start, part.end, index);
    const view = new ShapedText(text, part.start, part.end, template);
    if (view.mayBeBroken()) {
      const problem = firstComposerError(part.text);
      if (problem) {
        diagnostics.push({
          file: path,
          ...position(part.start + problem.offset),
          message: `invalid YAML: ${problem.message}`,
          severity: 'error',
        });
        continue;
      }
    }
    for (const token of template.tokens) {
      if (token.type !== 'document') continue;
      docs.push({ index, root: token.value, view });
      index += 1;
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { file: { path, text, docs, split, position }, diagnostics };
}

/** The composer's first error in `text`, with the offset a person should look at. */
function firstComposerError(text: string): { offset: number; message: string } | undefined {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  for (const doc of Array.isArray(docs) ? docs : []) {
    const error = doc.errors[0];
    if (error)
      return {
        offset: errorOffset(text, error),
        message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      };
  }
  return undefined;
}

/**
 * Line/column lookups by counting line breaks from the last position asked for: a file is asked
 * for a few positions, mostly in order, so no table of every line is built.
 */
export function lazyPositions(text: string): (offset: number) => { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    if (offset < lineStart) {
      line = 1;
      lineStart = 0;
    }
    for (let nl = text.indexOf('\n', lineStart); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      line += 1;
      lineStart = nl + 1;
    }
    return { line, col: offset - lineStart + 1 };
  };
}
