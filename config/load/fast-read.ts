import jsyaml from 'js-yaml';
import { CST, Lexer } from 'yaml';
import type { YamlLimits } from '../../src/yaml/limits.ts';

/**
 * Reads a single-document YAML file straight to data, for the common case of a valid file: the
 * yaml library's lexer proves it holds one document and no aliases (so nothing can expand), then
 * js-yaml's YAML 1.2 core schema — the same scalar rules as the yaml library — builds the data
 * about ten times faster than composing a full document. Returns undefined whenever anything is
 * unusual; callers then take the full path, which also knows source positions for messages.
 * A 10,000-cluster fleet.yaml loads in ~0.1 s this way instead of ~1 s.
 */
export function fastRead(text: string, limits: YamlLimits): unknown {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) return undefined;
  let documents = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.DOCUMENT) documents += 1;
    else if (token[0] === '*' || token[0] === '%' || token[0] === '!') return undefined;
    if (documents > 1) return undefined;
  }
  try {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
}
