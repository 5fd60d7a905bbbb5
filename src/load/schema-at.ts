import type { z } from 'zod';

type AnySchema = z.ZodType;

/** Strips optional/default/nullable/pipe/refinement wrappers to reach the schema that shapes the data. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema as AnySchema & { def: Record<string, unknown> };
  for (let i = 0; i < 20; i += 1) {
    const def = s.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (
      def.innerType &&
      ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type)
    ) {
      s = def.innerType as typeof s;
    } else if (def.type === 'pipe' && def.in) {
      s = def.in as typeof s;
    } else {
      return s;
    }
  }
  return s;
}

/** The schema describing the data at `path`, or undefined when the path leaves the schema. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return undefined;
    const def = s.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
      options?: AnySchema[];
    };
    if (def.type === 'object') s = def.shape?.[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else if (def.type === 'union')
      s = schemaAt(def.options?.find((o) => objectKeys(o).length > 0) ?? s, [seg]);
    else return undefined;
    s = s ? unwrap(s) : undefined;
  }
  return s;
}

/** The keys an object schema (possibly inside a union) accepts; empty for non-objects. */
export function objectKeys(schema: AnySchema | undefined): string[] {
  if (!schema) return [];
  const s = unwrap(schema);
  const def = s.def as {
    type: string;
    shape?: Record<string, AnySchema>;
    options?: AnySchema[];
    keyType?: AnySchema;
  };
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  // A record keyed by an enum (fleet.yaml `commands:`) accepts exactly the enum's values.
  if (def.type === 'record' && def.keyType) {
    const entries = (def.keyType.def as { entries?: Record<string, string> }).entries;
    return entries ? Object.values(entries) : [];
  }
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((o) => objectKeys(o)))];
  return [];
}
