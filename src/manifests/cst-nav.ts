import type { CST } from 'yaml';
import { shapeScalar } from '../yaml/template.ts';

/**
 * Read-only navigation over the yaml library's CST (concrete syntax tree). Locating a version needs
 * only keys, scalars and exact source offsets, and the CST gives those without the cost of
 * composing a full document, which matters when a plan reads ten thousand clusters' files. The
 * tokens belong to a shape shared by many documents (see src/yaml/shape.ts); a `Reader` resolves
 * them in one document's own text.
 */
export type Tok = CST.Token;

export interface Reader {
  /** The string a scalar token denotes in this document, or undefined for anything else. */
  scalar(token: Tok | null | undefined): string | undefined;
}

export interface Found {
  token: Tok | undefined;
  /** Anchor and tag tokens written before the value. */
  readonly props: CST.SourceToken[];
}

/** A value found in a collection; its props are looked at only for the version field itself. */
class Entry implements Found {
  readonly token: Tok | undefined;
  readonly #item: Item | undefined;
  readonly #kind: 'map' | 'seq';

  constructor(token: Tok | undefined, item: Item | undefined, kind: 'map' | 'seq') {
    this.token = token;
    this.#item = item;
    this.#kind = kind;
  }

  #props: CST.SourceToken[] | undefined;

  get props(): CST.SourceToken[] {
    this.#props ??= this.#item ? valueProps(this.#item, this.#kind) : [];
    return this.#props;
  }
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

function valueProps(item: Item, kind: 'map' | 'seq'): CST.SourceToken[] {
  const tokens = kind === 'map' ? (item.sep ?? []) : item.start;
  const after = kind === 'map' ? tokens.findIndex((t) => t.type === 'map-value-ind') + 1 : 0;
  return tokens.slice(after).filter((t) => t.type === 'anchor' || t.type === 'tag');
}

/** A key as text: keys are written out in shapes, so only a key holding a placeholder needs the document. */
function keyText(reader: Reader, key: Tok): string | undefined {
  const shaped = shapeScalar(key);
  return shaped?.includes('~') ? reader.scalar(key) : shaped;
}

/** Entries of a map whose key is the plain or quoted scalar `key`; more than one means a duplicate key. */
export function mapGetAll(reader: Reader, token: Tok | undefined, key: string): Found[] {
  const items = itemsOf(token, 'map');
  if (!items) return [];
  const index = keyIndex(items);
  if (index) return (index.get(key) ?? []).map((item) => new Entry(item.value, item, 'map'));
  const out: Found[] = [];
  for (const item of items) {
    if (!(item as { explicitKey?: true }).explicitKey && item.key && keyText(reader, item.key) === key)
      out.push(new Entry(item.value, item, 'map'));
  }
  return out;
}

/**
 * A map's entries by key, made once per map of a template and shared by every document of that
 * shape, when all its keys are written out in the shape; null when a key holds a placeholder, as
 * then each document's own text decides (the entries are then scanned per document).
 */
const indexes = new WeakMap<readonly Item[], Map<string, Item[]> | null>();

function keyIndex(items: readonly Item[]): Map<string, Item[]> | undefined {
  let index = indexes.get(items);
  if (index !== undefined) return index ?? undefined;
  index = new Map();
  for (const item of items) {
    if ((item as { explicitKey?: true }).explicitKey || !item.key) continue;
    const key = shapeScalar(item.key);
    if (key === undefined) continue;
    if (key.includes('~')) {
      index = null;
      break;
    }
    const list = index.get(key);
    if (list) list.push(item);
    else index.set(key, [item]);
  }
  indexes.set(items, index);
  return index ?? undefined;
}

/** The first entry of a map with key `key`. */
function mapItem(reader: Reader, token: Tok | undefined, key: string): Item | undefined {
  const items = itemsOf(token, 'map');
  if (!items) return undefined;
  const index = keyIndex(items);
  if (index) return index.get(key)?.[0];
  for (const item of items) {
    if (!(item as { explicitKey?: true }).explicitKey && item.key && keyText(reader, item.key) === key)
      return item;
  }
  return undefined;
}

export function mapGet(reader: Reader, token: Tok | undefined, key: string): Found | undefined {
  const item = mapItem(reader, token, key);
  return item && new Entry(item.value, item, 'map');
}

/** The value of map entry `key` (undefined when there is none, or it has no value). */
export function mapValue(reader: Reader, token: Tok | undefined, key: string): Tok | undefined {
  return mapItem(reader, token, key)?.value;
}

/** The values of a sequence, in order. */
export function seqValues(token: Tok | undefined): Found[] {
  return (itemsOf(token, 'seq') ?? []).map((item) => new Entry(item.value, item, 'seq'));
}

/** Follows `path` (map keys and sequence indices; its first `length`); the last entry reached is returned with how far it got. */
export function getPath(
  reader: Reader,
  root: Tok | undefined,
  path: readonly (string | number)[],
  length = path.length,
): { found?: Found; depth: number; last: Tok | undefined } {
  let token = root;
  let item: Item | undefined;
  for (let i = 0; i < length; i += 1) {
    const seg = path[i]!;
    const next = typeof seg === 'number' ? itemsOf(token, 'seq')?.[seg] : mapItem(reader, token, seg);
    if (!next) return { depth: i, last: token };
    token = next.value;
    item = next;
  }
  const kind = typeof path[length - 1] === 'number' ? 'seq' : 'map';
  return { found: new Entry(token, item, kind), depth: length, last: token };
}

/** A walk to a path's last map, and that map's entries for the path's last key (see lastEntries). */
export interface Place {
  walk: { found?: Found; depth: number; last: Tok | undefined };
  entries: Found[];
}

/** lastEntries' answers by template root and frozen path, where the shape alone decides them. */
const places = new WeakMap<Tok, Map<readonly (string | number)[], Place>>();

/**
 * getPath to the map that holds `path`'s last key, and that map's entries for the key (two or more
 * are a duplicate). Remembered per template, as valueAt's answers are, for a frozen path along
 * which every map has its keys written out: the tokens are the template's, so every document of
 * the shape gets the same answer.
 */
export function lastEntries(
  reader: Reader,
  root: Tok | undefined,
  path: readonly (string | number)[],
): Place {
  const remember = root !== undefined && Object.isFrozen(path);
  const known = remember ? places.get(root)?.get(path) : undefined;
  if (known) return known;
  const walk = getPath(reader, root, path, path.length - 1);
  const parent = walk.found?.token;
  const place = { walk, entries: mapGetAll(reader, parent, String(path.at(-1))) };
  if (remember && writtenOut(root, path, parent)) {
    let byPath = places.get(root);
    if (!byPath) {
      byPath = new Map();
      places.set(root, byPath);
    }
    byPath.set(path, place);
  }
  return place;
}

/** Whether every map from `root` down to `parent` along `path` has its keys written out. */
function writtenOut(root: Tok, path: readonly (string | number)[], parent: Tok | undefined): boolean {
  let token: Tok | undefined = root;
  for (let i = 0; i < path.length; i += 1) {
    const seg = path[i]!;
    const kind = typeof seg === 'number' ? 'seq' : 'map';
    const items = itemsOf(token, kind);
    if (!items) return true; // the walk stopped here, on the shape alone
    if (kind === 'map' && !keyIndex(items)) return false;
    if (token === parent) return true;
    const next: Item | undefined = typeof seg === 'number' ? items[seg] : keyIndex(items)!.get(seg)?.[0];
    if (!next) return true;
    token = next.value;
  }
  return true;
}

/**
 * valueAt's answers by template token and path, where the shape alone decides them: every map on
 * the way has its keys written out (keyIndex). Only frozen paths are remembered (module constants),
 * so a caller building its path afresh each time adds nothing here.
 */
const answers = new WeakMap<Tok, Map<readonly string[], Tok | null>>();

/** The value at `path`, if the whole path exists. */
export function valueAt(reader: Reader, root: Tok | undefined, path: readonly string[]): Tok | undefined {
  if (!root) return undefined;
  const remember = Object.isFrozen(path);
  const known = remember ? answers.get(root)?.get(path) : undefined;
  if (known !== undefined) return known ?? undefined;
  let token: Tok | undefined = root;
  let shared = true;
  for (const seg of path) {
    const items = itemsOf(token, 'map');
    const index = items && keyIndex(items);
    if (items && !index) shared = false;
    token = (index ? index.get(seg)?.[0] : mapItem(reader, token, seg))?.value;
    if (!token) break;
  }
  if (remember && shared) {
    let byPath = answers.get(root);
    if (!byPath) {
      byPath = new Map();
      answers.set(root, byPath);
    }
    byPath.set(path, token ?? null);
  }
  return token;
}
