import type { Document } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics.ts';
import type { YamlLimits } from '../yaml/limits.ts';
import { positionAt } from '../yaml/locate.ts';
import type { YamlFile } from '../yaml/read-yaml.ts';
import { zodDiagnostics } from './zod-diagnostics.ts';

export interface ValidatedDocument<T> {
  /** The document as plain data (aliases expanded within limits); undefined when it could not be built. */
  raw: unknown;
  /** The schema-checked value with defaults applied; undefined when the schema found problems. */
  value?: T;
  diagnostics: Diagnostic[];
}

/** Converts one document to data within the alias limit and checks it against `schema`. */
export function validateDocument<T>(
  yaml: YamlFile,
  doc: Document.Parsed,
  schema: z.ZodType<T>,
  limits: YamlLimits,
): ValidatedDocument<T> {
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (err) {
    const pos = positionAt(yaml, doc.range[0]);
    const why =
      err instanceof ReferenceError && /alias/i.test(err.message)
        ? aliasMessage(limits)
        : `cannot read document: ${(err as Error).message}`;
    return { raw: undefined, diagnostics: [{ file: yaml.file, ...pos, message: why, severity: 'error' }] };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { raw, value: result.data, diagnostics: [] };
  return { raw, diagnostics: zodDiagnostics({ yaml, doc, schema, data: raw }, result.error.issues) };
}

function aliasMessage(limits: YamlLimits): string {
  return `too many YAML alias expansions (limit ${limits.maxAliasCount}); anchors and aliases that multiply are refused`;
}
