import { Composer, type Document, isScalar, LineCounter, Parser, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, tooLargeMessage, type YamlLimits } from './limits.ts';

/** A YAML file parsed with source positions kept, ready for lookups by path. */
export interface YamlFile {
  file: string;
  text: string;
  /** Every non-empty document, in file order. */
  docs: Document.Parsed[];
  lineCounter: LineCounter;
}

export interface ReadYamlResult {
  yaml?: YamlFile;
  diagnostics: Diagnostic[];
}

/**
 * Parses a YAML file within `limits`. Size is checked before any parsing and documents are
 * composed one at a time, so an oversized or many-document file is refused without being read
 * through. Each document reports its first syntax error (later ones are mostly its echoes).
 */
export function readYaml(
  file: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): ReadYamlResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes)
    return { diagnostics: [at(file, 1, 1, tooLargeMessage(bytes, limits.maxBytes))] };
  const lineCounter = new LineCounter();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  const docs: Document.Parsed[] = [];
  const diagnostics: Diagnostic[] = [];
  let count = 0;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text), true)) {
    count += 1;
    if (count > limits.maxDocuments) {
      const pos = lineCounter.linePos(doc.range[0]);
      const message = `file has more than ${limits.maxDocuments} YAML documents; split it or remove documents`;
      return { diagnostics: [at(file, pos.line, pos.col, message)] };
    }
    const first = doc.errors[0];
    if (first) {
      const pos = lineCounter.linePos(errorOffset(text, first));
      diagnostics.push(at(file, pos.line, pos.col, `invalid YAML: ${firstLine(first.message)}`));
    }
    if (!isEmpty(doc) || doc.errors.length > 0) docs.push(doc);
  }
  return { yaml: { file, text, docs, lineCounter }, diagnostics };
}

/**
 * Where a person should look for a syntax error. The parser notices an unclosed quote or bracket
 * only where the file ends or the next line starts; the opening character is what needs fixing.
 */
export function errorOffset(text: string, error: YAMLError): number {
  const pos = Math.min(error.pos[0], Math.max(0, text.length - 1));
  const opener =
    /Missing closing (["'])quote/.exec(error.message)?.[1] ?? /end with a ([\]}])/.exec(error.message)?.[1];
  if (!opener) return pos;
  const open = opener === ']' ? '[' : opener === '}' ? '{' : opener;
  const found = text.lastIndexOf(open, pos);
  return found >= 0 ? found : pos;
}

/** `---` with nothing after it (a trailing separator, a comment-only document). */
function isEmpty(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && c.range[0] === c.range[1]);
}

function at(file: string, line: number, col: number, message: string): Diagnostic {
  return { file, line, col, message, severity: 'error' };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
