/**
 * Renders docs/configuration.md from the JSON Schemas in config/schemas (themselves generated from
 * the zod schemas), so the reference cannot drift from what the loaders accept. One table per file:
 * every field by its path (`clusters[].eks.roleArn`, `services.<service>.files`), its type and
 * limits, whether it is required, its default and its description.
 */

/** The subset of JSON Schema that `guard schema` emits. */
export interface JsonSchema {
  $id?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
}

export interface SchemaFile {
  /** File name under config/schemas, e.g. `fleet.schema.json`. */
  name: string;
  schema: JsonSchema;
}

interface Row {
  path: string;
  schema: JsonSchema;
  required: boolean;
}

/** Larger than any real bound: zod writes Number.MAX_SAFE_INTEGER for "no maximum". */
const UNBOUNDED = 2 ** 52;

const code = (text: string): string => `\`${text}\``;
/** Table cells end at `|`, even inside code spans (GitHub's tables are split first). */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function literal(value: unknown): string {
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

/** zod's name rule (lowercase DNS-label-like): shown as a word, explained in the intro. */
const NAME_PATTERN = '^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$';
const DURATION_PATTERN = '^(\\d+(ms|s|m|h|d))+$';

function limits(s: JsonSchema): string[] {
  const out: string[] = [];
  if (s.pattern && s.pattern !== NAME_PATTERN && s.pattern !== DURATION_PATTERN)
    out.push(`matching ${code(s.pattern)}`);
  if (s.minLength !== undefined && s.minLength > 1) out.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < UNBOUNDED) out.push(`≤ ${s.maximum}`);
  return out;
}

function scalar(s: JsonSchema): string {
  if (s.pattern === NAME_PATTERN) return 'name';
  if (s.pattern === DURATION_PATTERN) return 'duration';
  const nonEmpty = s.type === 'string' && s.minLength !== undefined && s.minLength > 0;
  const rest = limits(s);
  if (nonEmpty) return ['non-empty string', ...rest].join(', ');
  return `${s.type ?? 'any'}${suffix(rest)}`;
}

function list(s: JsonSchema): string {
  const size = s.minItems === 1 ? 'non-empty list' : s.minItems ? `list of at least ${s.minItems}` : 'list';
  return `${size} of ${s.items ? typeOf(s.items) : 'anything'}`;
}

/** A field's type in words: `"guard/v1"`, one of `a`, `b`, list of string matching …, map, either. */
export function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return literal(s.const);
  if (s.anyOf) return s.anyOf.map(typeOf).join(', or ');
  if (s.enum) return `one of ${s.enum.map(literal).join(', ')}`;
  if (s.type === 'array') return list(s);
  if (s.type === 'object' && typeof s.additionalProperties === 'object') {
    return `map of ${s.propertyNames ? typeOf(s.propertyNames) : 'string'} to ${typeOf(s.additionalProperties)}`;
  }
  if (s.type === 'object') return 'object';
  return scalar(s);
}

const suffix = (parts: string[]): string => (parts.length ? ` ${parts.join(', ')}` : '');

/** `services` → `<service>`: the placeholder for a map's keys in a field path. */
const keyName = (path: string): string => `<${(path.split('.').at(-1) ?? 'key').replace(/s$/, '')}>`;

/** Every field under `s`, depth first, in the schema's order (which is the zod schema's order). */
function rows(s: JsonSchema, path: string): Row[] {
  const out: Row[] = [];
  const objects = [s, ...(s.anyOf ?? [])].filter((v) => v.type === 'object');
  for (const object of objects) {
    for (const [name, child] of Object.entries(object.properties ?? {})) {
      const childPath = path ? `${path}.${name}` : name;
      out.push({ path: childPath, schema: child, required: object.required?.includes(name) ?? false });
      out.push(...nested(child, childPath));
    }
    if (typeof object.additionalProperties === 'object') {
      out.push(...rows(object.additionalProperties, `${path}.${keyName(path)}`));
    }
  }
  return out;
}

function nested(s: JsonSchema, path: string): Row[] {
  if (s.type === 'array' && s.items) return rows(s.items, `${path}[]`);
  return rows(s, path);
}

function tableRow({ path, schema, required }: Row): string {
  const fallback = schema.default === undefined ? '' : literal(schema.default);
  const columns = [code(path), typeOf(schema), required ? 'yes' : '', fallback, schema.description ?? ''];
  return `| ${columns.map(cell).join(' | ')} |`;
}

/** One section per schema file, in the order given. */
export function renderConfigDoc(files: readonly SchemaFile[]): string {
  const sections = files.map(({ name, schema }) =>
    [
      `## ${schema.title ?? name}`,
      '',
      `JSON Schema: [config/schemas/${name}](../config/schemas/${name}). Unknown fields are rejected.`,
      '',
      '| Field | Type | Required | Default | Description |',
      '|---|---|---|---|---|',
      ...rows(schema, '').map(tableRow),
      '',
    ].join('\n'),
  );
  return [...INTRO, ...sections].join('\n');
}

const INTRO = [
  '# Configuration reference',
  '',
  '<!-- Generated from config/schemas/*.json by test/docs/render-config-doc.ts. Do not edit by hand:',
  '     run `npx vitest run test/docs --update` after `npm run schemas:write`. -->',
  '',
  'The two files GUARD reads from your fleet repository. `a.b` is a field inside `a`, `a[].b` a field of',
  'each item of the list `a`, and `<service>` any key of a map. A *name* is 1–63 lowercase letters,',
  'digits, `.`, `_` or `-`, starting and ending with a letter or digit; a *duration* is a number and',
  'a unit (`ms`, `s`, `m`, `h`, `d`), repeated: `90s`, `30m`, `1h30m`. The server itself is configured',
  'with environment variables: see the [README](../README.md#configuration).',
  '',
  'Beyond the schemas, `guard validate` (and the `guard/request` check) enforce, each with a',
  '`file:line:col` message: every batch in `waves` exists and has clusters; a request names a service of',
  'the fleet; at most one request per service; every cluster of a wave has a file matching the',
  "service's `files` template that holds the chart's version; versions are valid for the provider;",
  "no downgrade unless `allowDowngrade: true`; the provider's upgrade-path rules; path templates stay",
  'inside the repository; files are at most 1 MiB, 50 documents and 100 alias expansions.',
  '',
];
