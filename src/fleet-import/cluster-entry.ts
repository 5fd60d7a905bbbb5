import { Document, isMap, type Node, visit } from 'yaml';
import type { ImportedCluster } from './map-registry.ts';

export type Entry = Record<string, unknown>;

/** The fleet.yaml entry for an imported cluster that the file does not have yet. */
export function newEntry(c: ImportedCluster): Entry {
  return { name: c.name, batch: c.batch, environment: c.environment, region: c.region, eks: { ...c.eks } };
}

/**
 * The file's entry with the table's values: name, batch, environment and region from the table; EKS
 * access from the table, keeping what the table does not know (endpoint, CA, a role the table lacks).
 * An entry reaching its cluster through a kubeconfig keeps it: switching access is a person's call.
 */
export function mergedEntry(existing: Entry, c: ImportedCluster): { entry: Entry; keptKubeconfig: boolean } {
  const entry: Entry = {
    ...existing,
    name: c.name,
    batch: c.batch,
    environment: c.environment,
    region: c.region,
  };
  if (existing.kubeconfig !== undefined && existing.eks === undefined) return { entry, keptKubeconfig: true };
  const eks = isRecord(existing.eks) ? existing.eks : {};
  entry.eks = { ...eks, name: c.eks.name, ...(c.eks.roleArn ? { roleArn: c.eks.roleArn } : {}) };
  return { entry, keptKubeconfig: false };
}

/** Same content, whatever the key order. */
export function sameEntry(a: unknown, b: unknown): boolean {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameEntry(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameEntry(x, b[i]));
  return a === b;
}

/**
 * A sequence item as YAML lines: `- name: …` at the dash's column, the rest at `keyColumn`, with
 * `eks` as a one-line flow map as DESIGN.md writes it. Scalars are quoted where YAML would read
 * them as something else (a batch named `1` stays a string).
 */
export function entryText(entry: Entry, dashColumn: number, keyColumn: number): string {
  const doc = new Document(entry);
  if (isMap(doc.contents))
    for (const pair of doc.contents.items) {
      const value = pair.value as Node | null;
      if (isMap(value)) value.flow = true;
    }
  // ARNs in quotes, as DESIGN.md writes them: a colon inside a flow map reads as a key to older parsers.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes(':')) node.type = 'QUOTE_DOUBLE';
    },
  });
  const lines = doc.toString({ lineWidth: 0 }).trimEnd().split('\n');
  const dash = `${' '.repeat(dashColumn)}-${' '.repeat(Math.max(1, keyColumn - dashColumn - 1))}`;
  return lines.map((line, i) => (i === 0 ? dash : ' '.repeat(keyColumn)) + line).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
