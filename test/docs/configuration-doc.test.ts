import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, renderConfigDoc, type SchemaFile, typeOf } from './render-config-doc.ts';

const SCHEMAS = join(import.meta.dirname, '..', '..', 'config', 'schemas');

function schemaFiles(): SchemaFile[] {
  return readdirSync(SCHEMAS)
    .filter((name) => name.endsWith('.schema.json'))
    .sort()
    .map((name) => ({ name, schema: JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as JsonSchema }));
}

describe('docs/configuration.md', () => {
  it('is what the JSON Schemas in config/schemas render to (regenerate with --update)', async () => {
    const doc = renderConfigDoc(schemaFiles());

    await expect(doc).toMatchFileSnapshot('../../docs/configuration.md');
  });

  it('has a row for every field of both files', () => {
    const doc = renderConfigDoc(schemaFiles());

    for (const path of ['clusters[].eks.roleArn', 'services.<service>.metrics[].query', 'waves[].soak']) {
      expect(doc).toContain(`| \`${path}\` |`);
    }
    expect(doc).toContain('| `commands.<command>.teams` |');
    expect(doc).toContain('| `rollback.autoMerge` |');
  });
});

describe('renderConfigDoc', () => {
  it('marks required fields, shows defaults and escapes pipes inside table cells', () => {
    const schema: JsonSchema = {
      type: 'object',
      title: 'demo',
      required: ['kind'],
      properties: {
        kind: { type: 'string', const: 'Demo', description: 'Always Demo.' },
        soak: { type: 'string', pattern: '^(\\d+(ms|s))+$', default: '1h', description: 'How long.' },
      },
    };

    const doc = renderConfigDoc([{ name: 'demo.schema.json', schema }]);

    expect(doc).toContain('| `kind` | `Demo` | yes |  | Always Demo. |');
    expect(doc).toContain('| `soak` | string matching `^(\\d+(ms\\|s))+$` |  | `1h` | How long. |');
  });

  it('names maps, lists and alternatives in words', () => {
    expect(typeOf({ type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1 })).toBe(
      'non-empty list of one of `a`, `b`',
    );
    expect(typeOf({ type: 'string', pattern: '^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$' })).toBe('name');
    expect(typeOf({ anyOf: [{ type: 'string', enum: ['x'] }, { type: 'object' }] })).toBe(
      'one of `x`, or object',
    );
    expect(
      typeOf({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: 'object' } }),
    ).toBe('map of string to object');
  });
});
