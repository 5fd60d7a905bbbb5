import { hash } from 'node:crypto';
import { shapeOf } from '../yaml/shape.ts';
import { type DocumentSplit, type Segment, splitDocuments } from './segments.ts';

/** Words one of which every document holding a version field must contain. */
export const RELEVANT = /HelmRelease|OCIRepository|Application|helmCharts|images/;

/**
 * What readManifest works out about a file's documents before it parses any: where they start and,
 * for each that may hold a version field, the SHA-256 of its shape (src/yaml/shape.ts), which names
 * its template. A reading thread that has the text before planning does (handlers/cli/fs-prefetch)
 * works this out there, in parallel; the answers are those readManifest would find itself.
 */
export interface DocumentHints {
  /** Where each segment of splitDocuments starts. */
  starts: number[];
  hasDirectives: boolean;
  documents: number;
  /** Per segment, its shape's digest when it may hold a version field; null otherwise. */
  shapes: (string | null)[];
}

/** Texts longer than this are refused by readManifest unparsed (DEFAULT_YAML_LIMITS): no hints. */
const MOST_CHARACTERS = 1024 * 1024;

export function documentHints(text: string): DocumentHints | undefined {
  if (text.length > MOST_CHARACTERS) return undefined;
  const { segments, hasDirectives, documents } = splitDocuments(text);
  return {
    starts: segments.map((s) => s.start),
    hasDirectives,
    documents,
    shapes: segments.map((s) =>
      !hasDirectives && RELEVANT.test(s.text) ? shapeDigest(text, s.start, s.end) : null,
    ),
  };
}

/** The name of the shape of `text[start, end)`. */
export function shapeDigest(text: string, start: number, end: number): string {
  return hash('sha256', shapeOf(text, start, end), 'base64');
}

/** The split the hints describe, for `text` they were made from. */
export function splitOf(text: string, hints: DocumentHints): DocumentSplit {
  const { starts } = hints;
  // Pushed, as splitDocuments pushes its own: one array kind for both (see src/util/mapped.ts).
  const segments: Segment[] = [];
  for (let i = 0; i < starts.length; i += 1) {
    const start = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    segments.push({ start, end, text: text.slice(start, end) });
  }
  return { segments, hasDirectives: hints.hasDirectives, documents: hints.documents };
}
