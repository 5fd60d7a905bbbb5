import { Composer, type Document, isScalar, LineCounter, Parser } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './limits.ts';

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
 * through. Syntax errors of every document are returned, not just the first.
 */
export function readYaml(
  file: string,
  text: string,
  limits: YamlLimits = DEFAULT_YAML_LIMITS,
): ReadYamlResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return {
      diagnostics: [
        at(
          file,
          1,
          1,
          `file is ${formatBytes(bytes)}; GUARD reads YAML files up to ${formatBytes(limits.maxBytes)}`,
        ),
      ],
    };
  }
  const lineCounter = new LineCounter();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  const docs: Document.Parsed[] = [];
  const diagnostics: Diagnostic[] = [];
  let count = 0;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text), true)) {
    count += 1;
    if (count > limits.maxDocuments) {
      const pos = lineCounter.linePos(doc.range[0]);
      return {
        diagnostics: [
          at(
            file,
            pos.line,
            pos.col,
            `file has more than ${limits.maxDocuments} YAML documents; split it or remove documents`,
          ),
        ],
      };
    }
    for (const err of doc.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      diagnostics.push(at(file, pos.line, pos.col, `invalid YAML: ${firstLine(err.message)}`));
    }
    if (!isEmpty(doc) || doc.errors.length > 0) docs.push(doc);
  }
  return { yaml: { file, text, docs, lineCounter }, diagnostics };
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

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
