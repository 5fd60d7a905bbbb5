import { z } from 'zod';
import { Fleet } from './fleet.ts';
import { UpgradeRequest } from './upgrade.ts';

/** The files GUARD reads, by the name their JSON Schema is published under in config/schemas/. */
export const SCHEMAS = {
  fleet: { schema: Fleet, title: 'GUARD fleet (guard/fleet.yaml)' },
  upgrade: { schema: UpgradeRequest, title: 'GUARD upgrade request (guard/upgrade.yaml)' },
} as const;

export type SchemaName = keyof typeof SCHEMAS;

/** JSON Schema (draft 2020-12) of the input a user writes, for editors and `yaml-language-server`. */
export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const { schema, title } = SCHEMAS[name];
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  return { ...generated, $id: `https://guard.dev/schemas/${name}.schema.json`, title };
}

/** The committed file's text: stable formatting so `npm run check` can compare byte for byte. */
export function jsonSchemaText(name: SchemaName): string {
  return `${JSON.stringify(jsonSchema(name), null, 2)}\n`;
}
