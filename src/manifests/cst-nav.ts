import { CST } from 'yaml';

/**
 * Read-only navigation over the yaml library's CST (concrete syntax tree). Locating a version needs
 * only keys, scalars and exact source offsets, and the CST gives those without the cost of
 * composing a full document, which matters when a plan reads ten thousand clusters' files.
 */
export type Tok = CST.Token;

export interface Found {
  token: Tok | undefined;
  /** Anchor and tag tokens written before the value. */
  props: CST.SourceToken[];
}

type Item = CST.CollectionItem;

function itemsOf(token: Tok | undefined, kind: 'map' | 'seq'): Item[] | undefined {
  if (!token) return undefined;
  if (kind === 'map' && token.type === 'block-map') return token.items as Item[];
  if (kind === 'seq' && token.type === 'block-seq') return token.items as Item[];
  if (token.type === 'flow-collection' && token.start.source === (kind === 'map' ? '{' : '['))
    return token.items;
  return undefined;
}

/** Resolved scalars by token: parsed documents are shared by every file with the same shape. */
const resolved = new WeakMap<Tok, string | undefined>();

/** The string a scalar token denotes (quotes and escapes resolved), or undefined for anything else. */
export function scalarText(token: Tok | undefined): string | undefined {
  if (!token) return undefined;
  if (resolved.has(token)) return resolved.get(token);
  const text = resolveScalar(token);
  resolved.set(token, text);
  return text;
}

function resolveScalar(token: Tok | undefined): string | undefined {
  if (
    !token ||
    !(
      token.type === 'scalar' ||
      token.type === 'single-quoted-scalar' ||
      token.type === 'double-quoted-scalar'
    )
  )
    return undefined;
  return CST.resolveAsScalar(token)?.value;
}

function valueProps(item: Item, kind: 'map' | 'seq'): CST.SourceToken[] {
  const tokens = kind === 'map' ? (item.sep ?? []) : item.start;
  const after = kind === 'map' ? tokens.findIndex((t) => t.type === 'map-value-ind') + 1 : 0;
  return tokens.slice(after).filter((t) => t.type === 'anchor' || t.type === 'tag');
}

/** Entries of a map whose key is the plain or quoted scalar `key`; more than one means a duplicate key. */
export function mapGetAll(token: Tok | undefined, key: string): Found[] {
  const items = itemsOf(token, 'map');
  if (!items) return [];
  const out: Found[] = [];
  for (const item of items) {
    if (!(item as { explicitKey?: true }).explicitKey && item.key && scalarText(item.key) === key)
      out.push({ token: item.value, props: valueProps(item, 'map') });
  }
  return out;
}

export function mapGet(token: Tok | undefined, key: string): Found | undefined {
  return mapGetAll(token, key)[0];
}

/** The values of a sequence, in order. */
export function seqValues(token: Tok | undefined): Found[] {
  return (itemsOf(token, 'seq') ?? []).map((item) => ({ token: item.value, props: valueProps(item, 'seq') }));
}

/** Follows `path` (map keys and sequence indices); the last entry reached is returned with how far it got. */
export function getPath(
  root: Tok | undefined,
  path: readonly (string | number)[],
): { found?: Found; depth: number; last: Tok | undefined } {
  let current: Found = { token: root, props: [] };
  for (let i = 0; i < path.length; i += 1) {
    const seg = path[i]!;
    const next = typeof seg === 'number' ? seqValues(current.token)[seg] : mapGet(current.token, seg);
    if (!next) return { depth: i, last: current.token };
    current = next;
  }
  return { found: current, depth: path.length, last: current.token };
}

/**
 * Whether a CST may hide a syntax error: an error token, an unclosed flow collection or a
 * duplicate key. The CST is lenient where the composer is strict, so a suspicious document is
 * then composed in full for the exact message; a clean one never pays for that.
 */
export function looksBroken(token: Tok | undefined): boolean {
  // An explicit stack, not recursion: a hostile file may nest thousands of levels deep.
  const stack: (Tok | undefined)[] = [token];
  while (stack.length) {
    const t = stack.pop();
    if (!t) continue;
    if (t.type === 'error') return true;
    if (t.type === 'document') {
      stack.push(t.value, ...((t.end ?? []) as Tok[]));
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    const items = t.items as CST.CollectionItem[];
    if (
      t.type === 'flow-collection' &&
      !t.end.some((e) => e.type === 'flow-map-end' || e.type === 'flow-seq-end')
    )
      return true;
    if (t.type !== 'block-seq' && hasDuplicateKey(items)) return true;
    for (const item of items) {
      if (item.start.some(isError) || (item.sep ?? []).some(isError)) return true;
      stack.push(item.key ?? undefined, item.value);
    }
  }
  return false;
}

function isError(token: { type: string }): boolean {
  return token.type === 'error';
}

function hasDuplicateKey(items: CST.CollectionItem[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = scalarText(item.key ?? undefined);
    if (key === undefined) continue;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
