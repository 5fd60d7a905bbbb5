import type { Diagnostic } from '../diagnostics.ts';
import { interned } from '../util/interned.ts';
import { type Found, lastEntries, type Tok } from './cst-nav.ts';
import type { ManifestDoc, ManifestFile } from './manifest-file.ts';
import type { ScalarStyle, VersionField } from './version-field.ts';

export interface Context {
  file: ManifestFile;
  mdoc: ManifestDoc;
}

/** A place that should hold the chart's version, before it is checked. */
export interface Candidate {
  ctx: Context;
  resource: string;
  path: (string | number)[];
}

const STYLES: Partial<Record<Tok['type'], ScalarStyle>> = {
  scalar: 'plain',
  'single-quoted-scalar': 'single',
  'double-quoted-scalar': 'double',
};

function fieldProblem(c: Candidate, field: string, token: Tok | undefined, message: string): Diagnostic {
  const { file, mdoc } = c.ctx;
  return {
    file: file.path,
    ...file.position(mdoc.view.offset(token)),
    field,
    message: `${c.resource}: ${message}`,
    severity: 'error',
  };
}

const fieldNames = new WeakMap<(string | number)[], string>();

/** `spec.sources[1].targetRevision` for a path. */
function fieldName(path: (string | number)[]): string {
  let name = fieldNames.get(path);
  if (name === undefined) {
    name = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .slice(1)
      .replace(/\.\[/g, '[');
    fieldNames.set(path, name);
  }
  return name;
}

/**
 * The version field a candidate names, or why GUARD cannot edit it: missing, set twice, an alias,
 * anchored, a block scalar, on several lines, or empty.
 */
export function candidateField(c: Candidate, chart: string): VersionField | Diagnostic {
  const { file, mdoc } = c.ctx;
  const { root, view } = mdoc;
  const field = fieldName(c.path);
  const problem = (token: Tok | undefined, message: string) => fieldProblem(c, field, token, message);
  // The parent is walked once: its entries for the last key tell both a duplicate and the value.
  const { walk, entries } = lastEntries(view, root, c.path);
  const parent = walk.found?.token;
  if (entries.length > 1) return problem(parent, `${field} is set twice; GUARD edits exactly one`);
  const found: Found | undefined = walk.found && entries[0];
  const token = found?.token;
  if (!token) {
    // Where the walk stopped: the deepest node reached, or none when the key is there but empty.
    const last = !walk.found ? walk.last : found ? undefined : parent;
    return problem(last, `sets chart '${chart}' but has no ${field}; GUARD needs a pinned version`);
  }
  if (token.type === 'alias')
    return problem(token, `${field} is an alias (${view.source(token)}); GUARD edits only literal versions`);
  const anchor = found.props.find((p) => p.type === 'anchor');
  if (anchor)
    return problem(
      token,
      `${field} carries an anchor (${view.source(anchor)}) that other places may alias; remove it so the edit stays local`,
    );
  if (token.type === 'block-scalar')
    return problem(token, `${field} is a block scalar; write the version on one line`);
  const style = STYLES[token.type];
  if (!style || !('source' in token)) return problem(token, `${field} must be a plain or quoted scalar`);
  const source = view.source(token);
  if (/[\r\n]/.test(source))
    return problem(token, `${field} spans several lines; write the version on one line`);
  const value = view.scalar(token) ?? '';
  if (value === '' || (style === 'plain' && /^(~|null|Null|NULL)$/.test(value)))
    return problem(token, `${field} is empty`);
  const start = view.offset(token);
  const { line, col } = file.position(start);
  // Kept by the plan, for unedited files too: copies of their own, one per distinct string.
  return {
    file: file.path,
    chart,
    resource: interned(c.resource),
    field,
    astPath: c.path,
    docIndex: mdoc.index,
    start,
    end: start + source.length,
    value: interned(value),
    style,
    line,
    col,
  };
}
