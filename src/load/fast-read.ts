import { type CST, parseDocument } from 'yaml';
import { splitDocuments } from '../manifests/segments.ts';
import { cstData, UNUSUAL } from '../yaml/cst-data.ts';
import type { YamlLimits } from '../yaml/limits.ts';
import { ShapedText } from '../yaml/shaped-text.ts';
import type { Template } from '../yaml/template.ts';
import { sharedTemplates, type TemplateMemo } from '../yaml/template-memo.ts';

/**
 * An alias (`*a`), anchor (`&a`), tag (`!t`) or directive (`%`) can only start after white space,
 * a flow indicator or ':' — or at a line start. This over-matches (a `*` in a comment), which only
 * costs the slower path; it cannot miss one.
 */
const MAY_HOLD_ALIAS_TAG_OR_DIRECTIVE = /(?:^|[\s[{,:])[*&!]|^%/m;
/** The registry's list, the one part of fleet.yaml that grows with the fleet. */
const CLUSTERS_KEY = /^clusters:[ \t]*(?:#.*)?\r?$/m;
const ITEM = /^( *)-(?:[ \t]|\r?$)/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?$/;
const LAYOUT = new Set(['space', 'newline', 'comment']);

/**
 * Reads a valid, ordinary fleet.yaml straight to data, with the yaml library only: the `clusters`
 * list is cut into its entries, and entries that differ only in names and values share one parsed
 * shape (src/yaml/shape.ts), so ten thousand clusters cost a few parses and a pass over the text,
 * not a composed document of ten thousand maps. The rest of the file is composed as usual. Returns
 * undefined whenever anything is unusual (aliases, tags, several documents, an entry the shapes
 * cannot vouch for, any syntax error); callers then take the full path, which also knows source
 * positions for messages. When it returns data, that data is what `doc.toJS()` of the full parse
 * gives (the fast-read property test holds it to that).
 */
export function fastRead(text: string, limits: YamlLimits, memo: TemplateMemo = sharedTemplates): unknown {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) return undefined;
  if (MAY_HOLD_ALIAS_TAG_OR_DIRECTIVE.test(text)) return undefined;
  const split = splitDocuments(text);
  if (split.hasDirectives || split.documents !== 1) return undefined;
  const list = clustersList(text);
  const rest = list ? text.slice(0, list.start) + text.slice(list.end) : text;
  const doc = parseDocument(rest, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return undefined;
  const data = doc.toJS({ maxAliasCount: limits.maxAliasCount }) as unknown;
  if (!list) return data;
  if (!data || typeof data !== 'object' || (data as Record<string, unknown>).clusters !== null)
    return undefined;
  const clusters: unknown[] = [];
  for (const entry of list.entries) {
    const value = entryData(text, entry.start, entry.end, memo);
    if (value === UNUSUAL) return undefined;
    clusters.push(value);
  }
  (data as Record<string, unknown>).clusters = clusters;
  return data;
}

interface ClustersList {
  /** The list's lines, after the `clusters:` line. */
  start: number;
  end: number;
  entries: { start: number; end: number }[];
}

/**
 * The block sequence under a top-level `clusters:` key, cut into entries at its `-` lines. Undefined
 * when there is none or its layout is not the plain one (then the whole file is composed).
 */
function clustersList(text: string): ClustersList | undefined {
  const key = CLUSTERS_KEY.exec(text);
  if (!key) return undefined;
  const start = text.indexOf('\n', key.index) + 1;
  if (start === 0) return undefined;
  const entries: { start: number; end: number }[] = [];
  let indent = -1;
  let at = start;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    const line = text.slice(at, newline < 0 ? text.length : newline);
    const item = ITEM.exec(line);
    if (BLANK_OR_COMMENT.test(line)) {
      // a comment belongs to the entry above it (or sits before the first)
    } else if (item && (indent < 0 || item[1]!.length === indent)) {
      indent = item[1]!.length;
      if (entries.length) entries.at(-1)!.end = at;
      entries.push({ start: at, end: next });
    } else if (indent >= 0 && line.length - line.trimStart().length > indent) {
      // a continuation line of the current entry
    } else if (line.length - line.trimStart().length === 0) {
      break; // the next top-level key
    } else return undefined;
    if (entries.length) entries.at(-1)!.end = next;
    at = next;
  }
  if (entries.length === 0) return undefined;
  // Trailing comment lines stay with the last entry; the list ends where the next key begins.
  return { start, end: at, entries };
}

/** One entry's data, read through the template of its shape (parsed once for all alike entries). */
function entryData(text: string, start: number, end: number, memo: TemplateMemo): unknown {
  const template = memo.of(text, start, end, -1);
  const value = itemValue(template);
  if (value === UNUSUAL) return UNUSUAL;
  const view = new ShapedText(text, start, end, template);
  if (view.mayBeBroken()) return UNUSUAL;
  return cstData(view, value);
}

/** Per template, the value of its one plain `- ` item, or UNUSUAL: the same for every entry of it. */
const itemValues = new WeakMap<Template, CST.Token | undefined | typeof UNUSUAL>();

function itemValue(template: Template): CST.Token | undefined | typeof UNUSUAL {
  if (itemValues.has(template)) return itemValues.get(template);
  const docs = template.tokens.filter((t) => t.type === 'document');
  const root = docs[0]?.type === 'document' ? docs[0] : undefined;
  let value: CST.Token | undefined | typeof UNUSUAL = UNUSUAL;
  const seq =
    docs.length === 1 && root && !root.start.some((t) => !LAYOUT.has(t.type)) ? root.value : undefined;
  if (seq?.type === 'block-seq') {
    // Comment lines after the entry end up as an item of their own, with no `-` and no value.
    const items = seq.items.filter((i) => i.value || i.start.some((t) => !LAYOUT.has(t.type)));
    const item = items[0];
    if (items.length === 1 && !item?.start.some((t) => t.type !== 'seq-item-ind' && t.type !== 'space'))
      value = item!.value;
  }
  itemValues.set(template, value);
  return value;
}
