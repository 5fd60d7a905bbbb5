import type { CST } from 'yaml';
import { mapped } from '../util/mapped.ts';
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
const NO_ITEMS: readonly Item[] = [];

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
  if (index) return mapped(index.get(key) ?? NO_ITEMS, (item) => new Entry(item.value, item, 'map'));
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
  return mapped(itemsOf(token, 'seq') ?? NO_ITEMS, (item) => new Entry(item.value, item, 'seq'));
}

interface Walk {
  found?: Found;
  depth: number;
  last: Tok | undefined;
}

/** Follows `path` (map keys and sequence indices; its first `length`); the last entry reached is returned with how far it got. */
export function getPath(
  reader: Reader,
  root: Tok | undefined,
  path: readonly (string | number)[],
  length = path.length,
): Walk {
  return walkPath(reader, root, path, length).walk;
}

/**
 * getPath's walk, and whether the shape alone decided it: every map on the way has its keys
 * written out (keyIndex), so every document of the template walks the same way.
 */
function walkPath(
  reader: Reader,
  root: Tok | undefined,
  path: readonly (string | number)[],
  length: number,
): { walk: Walk; shared: boolean } {
  let token = root;
  let item: Item | undefined;
  let shared = true;
  for (let i = 0; i < length; i += 1) {
    const seg = path[i]!;
    if (typeof seg === 'string') shared &&= writtenOut(token);
    const next = typeof seg === 'number' ? itemsOf(token, 'seq')?.[seg] : mapItem(reader, token, seg);
    if (!next) return { walk: { depth: i, last: token }, shared };
    token = next.value;
    item = next;
  }
  const kind = typeof path[length - 1] === 'number' ? 'seq' : 'map';
  return { walk: { found: new Entry(token, item, kind), depth: length, last: token }, shared };
}

/** Whether `token` is no map, or a map whose keys are all written out in the shape. */
function writtenOut(token: Tok | undefined): boolean {
  const items = itemsOf(token, 'map');
  return !items || keyIndex(items) !== undefined;
}

/**
 * Answers worked out from a template's tokens alone, by template root and path. Only frozen paths
 * (module constants) are remembered, so a caller building its path afresh each time adds nothing.
 */
function remembered<T>(
  store: WeakMap<Tok, Map<readonly unknown[], T>>,
  root: Tok,
  path: readonly unknown[],
  work: () => { answer: T; shared: boolean },
): T {
  const remember = Object.isFrozen(path);
  const byPath = remember ? store.get(root) : undefined;
  if (byPath?.has(path)) return byPath.get(path)!;
  const { answer, shared } = work();
  if (remember && shared) {
    if (byPath) byPath.set(path, answer);
    else store.set(root, new Map([[path, answer]]));
  }
  return answer;
}

/** A walk to a path's last map, and that map's entries for the path's last key (see lastEntries). */
export interface Place {
  walk: Walk;
  entries: Found[];
}

const places = new WeakMap<Tok, Map<readonly unknown[], Place>>();

/**
 * getPath to the map that holds `path`'s last key, and that map's entries for the key (two or more
 * are a duplicate), remembered per template where the shape alone decides them.
 */
export function lastEntries(
  reader: Reader,
  root: Tok | undefined,
  path: readonly (string | number)[],
): Place {
  const work = () => {
    const { walk, shared } = walkPath(reader, root, path, path.length - 1);
    const parent = walk.found?.token;
    const entries = mapGetAll(reader, parent, String(path.at(-1)));
    return { answer: { walk, entries }, shared: shared && writtenOut(parent) };
  };
  return root ? remembered(places, root, path, work) : work().answer;
}

const answers = new WeakMap<Tok, Map<readonly unknown[], Tok | undefined>>();

/** The value at `path`, if the whole path exists; remembered per template where the shape alone decides it. */
export function valueAt(reader: Reader, root: Tok | undefined, path: readonly string[]): Tok | undefined {
  if (!root) return undefined;
  return remembered(answers, root, path, () => {
    const { walk, shared } = walkPath(reader, root, path, path.length);
    return { answer: walk.found?.token, shared };
  });
}
