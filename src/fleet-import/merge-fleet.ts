import { Document, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics.ts';
import { DEFAULT_YAML_LIMITS } from '../yaml/limits.ts';
import { readYaml } from '../yaml/read-yaml.ts';
import { type Entry, entryText, mergedEntry, newEntry, sameEntry } from './cluster-entry.ts';
import type { ImportedCluster } from './map-registry.ts';
import { orderBatches } from './order-batches.ts';

export interface FleetMerge {
  text: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Clusters in the file that the table does not have: kept as they are. */
  kept: string[];
  batchesAdded: string[];
  notes: string[];
}

type Edit = { at: number; end: number; text: string };

/**
 * Writes imported clusters into fleet.yaml text. A new file gets the fleet skeleton with an empty
 * `services:` for the user; an existing one is edited by splices, like GUARD's version edits: only
 * the cluster entries that change, the new entries and the new batches are written, and every
 * other byte (services, windows, comments, other clusters) stays as it was.
 */
export function mergeFleet(
  file: string,
  existing: string | undefined,
  clusters: readonly ImportedCluster[],
  header: string,
): FleetMerge | { diagnostics: Diagnostic[] } {
  if (existing === undefined) return freshFleet(clusters, header);
  const read = readYaml(file, existing, DEFAULT_YAML_LIMITS);
  const doc = read.yaml?.docs[0];
  if (!read.yaml || read.diagnostics.length || !doc) return { diagnostics: read.diagnostics };
  if (!isMap(doc.contents))
    return { diagnostics: [{ file, line: 1, col: 1, message: 'must be a YAML mapping', severity: 'error' }] };
  const root = doc.contents;
  const out: FleetMerge = {
    text: '',
    added: [],
    updated: [],
    unchanged: [],
    kept: [],
    batchesAdded: [],
    notes: [],
  };
  const edits = [
    ...clusterEdits(existing, root, clusters, out, (n) => n.toJS(doc, { maxAliasCount: 100 }) as Entry),
    ...batchEdits(existing, root, clusters, out),
  ];
  out.text = applyEdits(existing, edits);
  return out;
}

function freshFleet(clusters: readonly ImportedCluster[], header: string): FleetMerge {
  const batches = orderBatches([], clusters);
  const head = new Document({ apiVersion: 'guard/v1', kind: 'Fleet', batches });
  const list = isMap(head.contents) ? head.contents.get('batches', true) : undefined;
  if (isSeq(list)) list.flow = true;
  const items = clusters.map((c) => entryText(newEntry(c), 2, 4)).join('\n');
  const text = [
    ...header.split('\n').map((l) => `# ${l}`.trimEnd()),
    head.toString({ lineWidth: 0 }).trimEnd(),
    'clusters:',
    items,
    '# Describe how each service is laid out (provider, files, …): docs/configuration.md',
    'services: {}',
    '',
  ].join('\n');
  return {
    text,
    added: clusters.map((c) => c.name),
    updated: [],
    unchanged: [],
    kept: [],
    batchesAdded: batches,
    notes: [],
  };
}

function clusterEdits(
  text: string,
  root: YAMLMap,
  clusters: readonly ImportedCluster[],
  out: FleetMerge,
  toJs: (node: Node) => Entry,
): Edit[] {
  const seq = root.get('clusters', true);
  const items = isSeq(seq) ? (seq.items.filter(isMap) as YAMLMap[]) : [];
  const byName = new Map(items.map((item) => [String(toJs(item).name), item] as const));
  const wanted = new Set(clusters.map((c) => c.name));
  out.kept = [...byName.keys()].filter((n) => !wanted.has(n));
  const edits: Edit[] = [];
  const fresh: ImportedCluster[] = [];
  for (const c of clusters) {
    const item = byName.get(c.name);
    if (!item?.range) {
      fresh.push(c);
      continue;
    }
    const before = toJs(item);
    const { entry, keptKubeconfig } = mergedEntry(before, c);
    if (keptKubeconfig)
      out.notes.push(`'${c.name}' keeps its kubeconfig access; the table's EKS access was not applied`);
    if (sameEntry(entry, before)) {
      out.unchanged.push(c.name);
      continue;
    }
    out.updated.push(c.name);
    const { dash, dashColumn, keyColumn } = columns(text, item.range[0]);
    edits.push({
      at: dash - dashColumn,
      end: contentEnd(text, item.range),
      text: entryText(entry, dashColumn, keyColumn),
    });
  }
  out.added = fresh.map((c) => c.name);
  if (fresh.length) edits.push(appendEdit(text, root, seq, fresh));
  return edits;
}

/** New entries go after the last one, in its columns; a missing or flow `clusters:` gets a block. */
function appendEdit(text: string, root: YAMLMap, seq: unknown, fresh: ImportedCluster[]): Edit {
  const last = isSeq(seq) && !seq.flow ? seq.items.at(-1) : undefined;
  const lastRange = (last as Node | undefined)?.range;
  if (lastRange) {
    const { dashColumn, keyColumn } = columns(text, lastRange[0]);
    const block = fresh.map((c) => entryText(newEntry(c), dashColumn, keyColumn)).join('\n');
    const end = contentEnd(text, lastRange);
    return { at: end, end, text: `\n${block}` };
  }
  const block = fresh.map((c) => entryText(newEntry(c), 2, 4)).join('\n');
  if (isSeq(seq) && seq.range && seq.items.length === 0)
    return { at: seq.range[0], end: seq.range[1], text: `\n${block}` };
  const end = root.range?.[1] ?? text.length;
  return { at: end, end, text: `${text.slice(0, end).endsWith('\n') ? '' : '\n'}clusters:\n${block}\n` };
}

function batchEdits(
  text: string,
  root: YAMLMap,
  clusters: readonly ImportedCluster[],
  out: FleetMerge,
): Edit[] {
  const node = root.get('batches', true);
  const existing = isSeq(node) ? node.items.filter(isScalar).map((s) => String(s.value)) : [];
  const batches = orderBatches(existing, clusters);
  out.batchesAdded = batches.slice(existing.length);
  if (out.batchesAdded.length === 0) return [];
  const last = isSeq(node) && !node.flow ? (node.items.at(-1) as Node | undefined) : undefined;
  if (last?.range) {
    const { dashColumn } = columns(text, last.range[0]);
    const lines = out.batchesAdded.map((b) => `${' '.repeat(dashColumn)}- ${scalar(b)}`);
    const end = contentEnd(text, last.range);
    return [{ at: end, end, text: `\n${lines.join('\n')}` }];
  }
  const flow = `[${batches.map(scalar).join(', ')}]`;
  if (isSeq(node) && node.range) return [{ at: node.range[0], end: node.range[1], text: flow }];
  const end = root.range?.[1] ?? text.length;
  return [{ at: end, end, text: `${text.slice(0, end).endsWith('\n') ? '' : '\n'}batches: ${flow}\n` }];
}

/** A plain scalar when YAML reads it back as the same string, quoted otherwise. */
function scalar(value: string): string {
  return new Document(value).toString().trimEnd();
}

/** The sequence item's dash and the columns of its dash and first key. */
function columns(text: string, itemStart: number): { dash: number; dashColumn: number; keyColumn: number } {
  let dash = itemStart;
  while (dash > 0 && text[dash] !== '-') dash -= 1;
  const lineStart = text.lastIndexOf('\n', dash) + 1;
  return { dash, dashColumn: dash - lineStart, keyColumn: itemStart - lineStart };
}

/**
 * Where a node's content ends: the end of its last line that holds more than a comment. A node's
 * range also covers the line break and comment lines after it, which belong to what follows.
 */
function contentEnd(text: string, range: readonly [number, number, number]): number {
  let end = Math.max(range[0], range[1]);
  for (;;) {
    while (end > range[0] && /\s/.test(text[end - 1]!)) end -= 1;
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (lineStart <= range[0] || !text.slice(lineStart, end).trimStart().startsWith('#')) return end;
    end = lineStart;
  }
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.at - a.at))
    out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}
