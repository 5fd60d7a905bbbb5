import { type Document, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from '../yaml/limits.ts';
import { splitDocuments } from './segments.ts';

/** One parsed document of a manifest file, with offsets relative to the whole file. */
export interface ManifestDoc {
  /** Position among the file's documents (0-based), counting every `---`. */
  index: number;
  /** Offset of the document's text in the file; node ranges are relative to it. */
  offset: number;
  doc: Document.Parsed;
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
 * Parses the documents of `text` that can hold a version field. Unrelated documents (Services,
 * HelmRepositories, ConfigMaps …) are skipped unparsed: GUARD never edits them, and on large fleets
 * parsing is most of the cost of a plan.
 */
export function readManifest(
  path: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): { file?: ManifestFile; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  let lineStartsBuilt = false;
  const position = (offset: number) => {
    if (!lineStartsBuilt) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      lineStartsBuilt = true;
    }
    return lines.linePos(offset);
  };
  const fail = (offset: number, message: string) => ({
    diagnostics: [{ file: path, ...position(offset), message, severity: 'error' as const }],
  });
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) {
    return fail(0, `file is larger than ${limits.maxBytes / (1024 * 1024)} MiB; GUARD does not read it`);
  }
  const { segments, hasDirectives } = splitDocuments(text);
  if (segments.length > limits.maxDocuments) {
    return fail(
      segments[limits.maxDocuments]!.start,
      `file has more than ${limits.maxDocuments} YAML documents`,
    );
  }
  const docs: ManifestDoc[] = [];
  if (hasDirectives) {
    parseAllDocuments(text, { prettyErrors: false }).forEach((doc, index) => {
      if (!('errors' in doc)) return;
      docs.push({ index, offset: 0, doc: doc as Document.Parsed });
    });
  } else {
    segments.forEach((seg, index) => {
      if (RELEVANT.test(seg.text))
        docs.push({ index, offset: seg.start, doc: parseDocument(seg.text, { prettyErrors: false }) });
    });
  }
  const diagnostics: Diagnostic[] = [];
  for (const d of docs) {
    for (const err of d.doc.errors) {
      diagnostics.push({
        file: path,
        ...position(d.offset + err.pos[0]),
        message: `invalid YAML: ${err.message.split('\n')[0]}`,
        severity: 'error',
      });
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { file: { path, text, docs, position }, diagnostics };
}
