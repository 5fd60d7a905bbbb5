import { LineCounter, Parser } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from '../yaml/limits.ts';
import { cstErrors, type Tok } from './cst-nav.ts';
import { type Segment, splitDocuments } from './segments.ts';

/** One parsed document of a manifest file. CST offsets are relative to `offset`. */
export interface ManifestDoc {
  /** Position among the file's documents (0-based), counting every `---`. */
  index: number;
  /** Offset of the parsed text in the file. */
  offset: number;
  /** The document's root value in the yaml library's CST. */
  root: Tok | undefined;
}

/** A repository file that may hold chart versions: Flux, Argo CD or Kustomize manifests. */
export interface ManifestFile {
  path: string;
  text: string;
  /** Only the documents that can hold a version field; the rest are left unparsed. */
  docs: ManifestDoc[];
  position(offset: number): { line: number; col: number };
}

/** Words one of which every document holding a version field must contain. */
const RELEVANT = /HelmRelease|OCIRepository|Application|helmCharts|images/;

/**
 * Parses the documents of `text` that can hold a version field into the yaml library's CST.
 * Unrelated documents (Services, HelmRepositories, ConfigMaps …) are skipped unparsed: GUARD
 * never edits them, and on large fleets parsing is most of the cost of a plan.
 */
export function readManifest(
  path: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): { file?: ManifestFile; diagnostics: Diagnostic[] } {
  const position = lazyPositions(text);
  const fail = (offset: number, message: string) => ({
    diagnostics: [{ file: path, ...position(offset), message, severity: 'error' as const }],
  });
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    return fail(0, `file is larger than ${limits.maxBytes / (1024 * 1024)} MiB; GUARD does not read it`);
  }
  const { segments, hasDirectives } = splitDocuments(text);
  if (segments.length > limits.maxDocuments) {
    return fail(segments[limits.maxDocuments]!.start, `file has more than ${limits.maxDocuments} YAML documents`);
  }
  // With %directives a document depends on what precedes it, so the file is parsed whole.
  const parts: Segment[] = hasDirectives ? [{ start: 0, end: text.length, text }] : segments.filter((s) => RELEVANT.test(s.text));
  const docs: ManifestDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const part of parts) {
    let index = hasDirectives ? 0 : segments.indexOf(part);
    for (const token of new Parser().parse(part.text)) {
      if (token.type === 'error') diagnostics.push(syntaxError(path, position, part.start + token.offset, token.message));
      if (token.type !== 'document') continue;
      for (const e of cstErrors(token)) diagnostics.push(syntaxError(path, position, part.start + e.offset, e.message));
      docs.push({ index, offset: part.start, root: token.value });
      index += 1;
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { file: { path, text, docs, position }, diagnostics };
}

function syntaxError(path: string, position: (o: number) => { line: number; col: number }, offset: number, message: string): Diagnostic {
  return { file: path, ...position(offset), message: `invalid YAML: ${message.split('\n')[0]}`, severity: 'error' };
}

/** Line/column lookups that index the file's line starts only when a position is first asked for. */
export function lazyPositions(text: string): (offset: number) => { line: number; col: number } {
  let lines: LineCounter | undefined;
  return (offset) => {
    if (!lines) {
      lines = new LineCounter();
      lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    }
    return lines.linePos(offset);
  };
}
