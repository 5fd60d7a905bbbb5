import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonSchema, jsonSchemaText, SCHEMAS, type SchemaName } from '../../config/json-schema.ts';
import { type CliIo, UsageError } from './io.ts';

export const schemaUsage = 'guard schema [fleet|upgrade] [--write DIR | --check DIR]';

/** `guard schema`: the JSON Schemas of guard/fleet.yaml and guard/upgrade.yaml, generated from the zod schemas. */
export async function schemaCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { write: { type: 'string' }, check: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const names = Object.keys(SCHEMAS) as SchemaName[];
  const chosen = positionals.length ? positionals : names;
  for (const p of chosen)
    if (!names.includes(p as SchemaName))
      throw new UsageError(`unknown schema '${p}' (known: ${names.join(', ')})`);
  const selected = chosen as SchemaName[];
  if (values.write !== undefined && values.check !== undefined)
    throw new UsageError('use --write or --check, not both');
  if (values.write !== undefined || values.check !== undefined) return syncFiles(selected, values, io);
  const output =
    selected.length === 1
      ? jsonSchema(selected[0]!)
      : Object.fromEntries(selected.map((n) => [n, jsonSchema(n)]));
  io.out(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

function syncFiles(names: SchemaName[], values: { write?: string; check?: string }, io: CliIo): number {
  const dir = resolve(io.cwd, values.write ?? values.check!);
  let stale = 0;
  for (const name of names) {
    const path = join(dir, `${name}.schema.json`);
    const text = jsonSchemaText(name);
    if (values.write !== undefined) {
      writeFileSync(path, text);
      continue;
    }
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {}
    if (current !== text) {
      io.err(`${path} is stale; run \`npm run schemas:write\` and commit it\n`);
      stale += 1;
    }
  }
  return stale ? 1 : 0;
}
