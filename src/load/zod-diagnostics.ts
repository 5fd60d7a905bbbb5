import { type Document, isScalar } from 'yaml';
import type { z } from 'zod';
import { type Diagnostic, fieldPath } from '../diagnostics.ts';
import { closest, listOf } from '../suggest.ts';
import { locate, positionOfPath } from '../yaml/locate.ts';
import type { YamlFile } from '../yaml/read-yaml.ts';
import { objectKeys, schemaAt } from './schema-at.ts';

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  yaml: YamlFile;
  doc: Document.Parsed;
  schema: z.ZodType;
  data: unknown;
  /** Prepended to every field path (e.g. the path of a union branch). */
  base?: readonly PropertyKey[];
}

/** Turns zod issues into diagnostics that point at the YAML source and say what would be valid. */
export function zodDiagnostics(ctx: IssueContext, issues: readonly Issue[]): Diagnostic[] {
  return issues.flatMap((issue) => issueDiagnostics(ctx, issue));
}

function issueDiagnostics(ctx: IssueContext, issue: Issue): Diagnostic[] {
  const path = [...(ctx.base ?? []), ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const allowed = objectKeys(schemaAt(ctx.schema, path));
    return issue.keys.map((key) => {
      const hint = closest(key, allowed);
      const suffix =
        key === '<<'
          ? ': YAML merge keys are not supported; write the keys out'
          : hint
            ? ` (did you mean '${hint}'?)`
            : allowed.length
              ? ` (allowed: ${listOf(allowed)})`
              : '';
      return diagnostic(ctx, [...path, key], 'key', `unknown key '${key}'${suffix}`, fieldPath(path));
    });
  }
  if (issue.code === 'invalid_union') return unionDiagnostics(ctx, issue, path);
  if (issue.code === 'invalid_key') {
    const key = String(issue.path.at(-1) ?? '');
    const inner = issue.issues.map((i) => i.message).join('; ');
    return [diagnostic(ctx, path, 'key', `name '${key}' ${inner}`, fieldPath(path.slice(0, -1)))];
  }
  return [diagnostic(ctx, path, 'value', messageFor(ctx, issue, path))];
}

function unionDiagnostics(
  ctx: IssueContext,
  issue: Issue & { code: 'invalid_union' },
  path: PropertyKey[],
): Diagnostic[] {
  const value = valueAt(ctx.data, path);
  const branches = issue.errors;
  // For an object value, report the object branch's own problems (unknown keys, bad fields).
  if (isPlainObject(value)) {
    const objectBranch = branches.find((b) =>
      b.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys'),
    );
    if (objectBranch) return zodDiagnostics({ ...ctx, base: path }, objectBranch);
  }
  const alternatives = branches.map((b) => describeExpectation(b)).filter(Boolean);
  return [
    diagnostic(ctx, path, 'value', `must be ${alternatives.join(' or ')} (got ${describeValue(value)})`),
  ];
}

function describeExpectation(branch: readonly Issue[]): string {
  const first = branch[0];
  if (!first) return '';
  if (first.code === 'invalid_value') return first.values.map((v) => `'${String(v)}'`).join(', ');
  if (first.code === 'invalid_type') return first.expected === 'object' ? 'a mapping' : `a ${first.expected}`;
  return first.message;
}

function messageFor(ctx: IssueContext, issue: Issue, path: PropertyKey[]): string {
  const value = valueAt(ctx.data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      // A schema's own wording (a duration, say) says more than "must be a string".
      if (!issue.message.startsWith('Invalid input')) return `${issue.message} (got ${describeValue(value)})`;
      return `must be ${article(issue.expected)} (got ${describeValue(value)})${quoteHint(ctx, issue, path)}`;
    case 'invalid_value':
      if (value === undefined) {
        return `is required (${issue.values.length === 1 ? `'${String(issue.values[0])}'` : `one of: ${issue.values.map(String).join(', ')}`})`;
      }
      return issue.values.length === 1
        ? `must be '${String(issue.values[0])}' (got ${describeValue(value)})`
        : `must be one of: ${issue.values.map(String).join(', ')} (got ${describeValue(value)})`;
    case 'too_small':
      if (issue.origin === 'array')
        return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `must be at least ${issue.minimum} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum} (got ${describeValue(value)})`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum} (got ${describeValue(value)})`;
    case 'invalid_format':
    case 'custom':
      return `${issue.message}${value === undefined || typeof value === 'object' ? '' : ` (got ${describeValue(value)})`}`;
    default:
      return issue.message;
  }
}

/** YAML turns `1.20` into the number 1.2; tell the user to quote the text they wrote. */
function quoteHint(ctx: IssueContext, issue: Issue & { code: 'invalid_type' }, path: PropertyKey[]): string {
  if (issue.expected !== 'string') return '';
  const node = locate(ctx.doc, path).node;
  if (!isScalar(node) || typeof node.value === 'string' || node.value === null) return '';
  const source = (node as { source?: string }).source ?? String(node.value);
  return `; quote it: "${source}"`;
}

function diagnostic(
  ctx: IssueContext,
  path: PropertyKey[],
  pointAt: 'key' | 'value',
  message: string,
  field?: string,
): Diagnostic {
  const pos = positionOfPath(ctx.yaml, ctx.doc, path, pointAt);
  const name = field ?? fieldPath(path);
  return {
    file: ctx.yaml.file,
    line: pos.line,
    col: pos.col,
    ...(name ? { field: name } : {}),
    message,
    severity: 'error',
  };
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `'abc'`, `number 3`, `a list`, `a mapping`, `null`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
