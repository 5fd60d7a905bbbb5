import { Lexer, LineCounter, Parser, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, tooLargeMessage, type YamlLimits } from '../yaml/limits.ts';
import { errorOffset } from '../yaml/read-yaml.ts';
import { looksBroken, type Tok } from './cst-nav.ts';
import { type Segment, splitDocuments } from './segments.ts';
import { documentShape, TAB_INDENT } from './skeleton.ts';

/** One parsed document of a manifest file. CST offsets are relative to `offset`. */
export interface ManifestDoc {
  /** Position among the file's documents (0-based), counting every `---`. */
  index: number;
  /** Offset of the parsed text in the file. */
  offset: number;
  /** The document's root value in the yaml library's CST. */
  root: Tok | undefined;
  /** The lexer's tokens for the document, kept so an edit is checked with one more lexing, not two. */
  lexemes?: readonly string[];
  /** The text those tokens came from: the document's skeleton (see skeleton.ts). */
  shape?: string;
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
/** Parses by skeleton text, shared by every file of a plan: fleets repeat documents that differ only in values. */
export type ParseMemo = Map<string, ParsedPart>;

interface ParsedPart {
  shape: string;
  tokens: Tok[];
  lexemes: string[];
  suspicious: boolean;
}

export function readManifest(
  path: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
  memo: ParseMemo = new Map(),
): { file?: ManifestFile; diagnostics: Diagnostic[] } {
  const position = lazyPositions(text);
  const fail = (offset: number, message: string) => ({
    diagnostics: [{ file: path, ...position(offset), message, severity: 'error' as const }],
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return fail(0, tooLargeMessage(bytes, limits.maxBytes));
  const { segments, hasDirectives, documents } = splitDocuments(text);
  if (documents > limits.maxDocuments) {
    return fail(
      segments[limits.maxDocuments]?.start ?? 0,
      `file has more than ${limits.maxDocuments} YAML documents`,
    );
  }
  // With %directives a document depends on what precedes it, so the file is parsed whole.
  const parts: Segment[] = hasDirectives
    ? [{ start: 0, end: text.length, text }]
    : segments.filter((s) => RELEVANT.test(s.text));
  const docs: ManifestDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const part of parts) {
    let index = hasDirectives ? 0 : segments.indexOf(part);
    const { tokens, lexemes, suspicious, shape } = parsePart(part.text, memo);
    if (suspicious) {
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
    for (const token of tokens) {
      if (token.type !== 'document') continue;
      docs.push({
        index,
        offset: part.start,
        root: token.value,
        ...(hasDirectives ? {} : { lexemes, shape }),
      });
      index += 1;
    }
  }
  if (diagnostics.length) return { diagnostics };
  return { file: { path, text, docs, position }, diagnostics };
}

/** Lexes and parses a document's skeleton once per distinct skeleton. */
function parsePart(text: string, memo: ParseMemo): ParsedPart {
  const tabs = TAB_INDENT.test(text);
  const shape = documentShape(text);
  let parsed = memo.get(shape);
  if (!parsed) {
    const lexemes = [...new Lexer().lex(shape)];
    const parser = new Parser();
    const tokens = [...lexemes.flatMap((l) => [...parser.next(l)]), ...parser.end()];
    parsed = { shape, tokens, lexemes, suspicious: tabs || tokens.some((t) => looksBroken(t)) };
    if (memo.size >= 256) memo.delete(memo.keys().next().value!);
    memo.set(shape, parsed);
  }
  return parsed;
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
