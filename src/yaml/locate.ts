import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { YamlFile } from './read-yaml.ts';

export interface Located {
  /** The deepest node the path reaches (the value node when the whole path exists). */
  node: Node | null;
  /** The key node of the last map entry the path passed through, if any. */
  key: Node | null;
  /** True when every segment of the path was found. */
  complete: boolean;
}

/** Walks a parsed document's AST along `path` without resolving aliases or converting to data. */
export function locate(doc: Document.Parsed, path: readonly PropertyKey[]): Located {
  let node = doc.contents as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    const next = child(node, seg);
    if (!next) return { node, key, complete: false };
    node = next.value;
    key = next.key ?? key;
  }
  return { node, key, complete: true };
}

/** The map entry `name` of a map node, or undefined. Keys are compared as strings. */
export function mapEntry(node: unknown, name: string): Pair<Node, Node | null> | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === name)
      return item as Pair<Node, Node | null>;
  }
  return undefined;
}

function child(node: Node | null, seg: PropertyKey): { key: Node | null; value: Node | null } | undefined {
  if (typeof seg === 'number' && isSeq(node)) {
    const item = node.items[seg];
    return item === undefined ? undefined : { key: null, value: item as Node };
  }
  const pair = mapEntry(node, String(seg));
  return pair ? { key: pair.key, value: pair.value } : undefined;
}

/** 1-based line and column of a source offset. */
export function positionAt(yaml: YamlFile, offset: number): { line: number; col: number } {
  return yaml.lineCounter.linePos(offset);
}

/**
 * Where to point a reader for `path`: the key for unknown or misplaced keys (`pointAt: 'key'`),
 * otherwise the value; for a missing field, the deepest enclosing node that exists.
 */
export function positionOfPath(
  yaml: YamlFile,
  doc: Document.Parsed,
  path: readonly PropertyKey[],
  pointAt: 'key' | 'value' = 'value',
): { line: number; col: number } {
  const found = locate(doc, path);
  const target = pointAt === 'key' && found.complete && found.key ? found.key : (found.node ?? found.key);
  const offset = target?.range?.[0] ?? doc.range[0];
  return positionAt(yaml, offset);
}
