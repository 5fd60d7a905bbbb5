import type { ClusterEvent } from '../ports/clusters.ts';
import { fitLines, utf8Bytes } from './fit-lines.ts';
import { redactSecrets } from './redact-secrets.ts';
import type { WaveEvidence } from './wave-evidence.ts';

const MESSAGE_MAX = 300;

/** The Kubernetes events read on one failing cluster, or why there are none. */
export interface ClusterEvents {
  cluster: string;
  events: ClusterEvent[];
  /** Set when the cluster could not be asked (the reason stays in GUARD's log). */
  unavailable?: boolean;
}

/**
 * The events part of the prompt within `budget` bytes, one block per failing cluster with an
 * equal share of the room: Warnings first (they carry the cause), then the rest, newest first
 * within each. Messages are collapsed to one line, cut, and redacted.
 */
export function eventSection(e: WaveEvidence, events: readonly ClusterEvents[], budget: number): string {
  const head = `## Recent Kubernetes events of the workloads on the failing clusters, since ${e.mergedAt ?? 'the merge'}`;
  const none = (why: string) => fitLines([head, '', why], budget);
  if (!e.workloads.namespace || e.workloads.names.length === 0)
    return none('None read: fleet.yaml names no workloads or no namespace for this service.');
  if (events.length === 0) return none('None read.');
  const share = Math.floor((budget - utf8Bytes(head) - 2) / events.length) - 2;
  const blocks = events.map((c) => fitLines(clusterBlock(c).map(redactSecrets), share)).filter(Boolean);
  return [head, ...blocks].join('\n\n');
}

function clusterBlock(c: ClusterEvents): string[] {
  if (c.unavailable) return [`### ${c.cluster}: events could not be read`];
  if (c.events.length === 0) return [`### ${c.cluster}: no events`];
  const warnings = c.events.filter((e) => e.type === 'Warning');
  const others = c.events.filter((e) => e.type !== 'Warning');
  const count = `${c.events.length} event${c.events.length === 1 ? '' : 's'}, ${warnings.length} Warning`;
  return [`### ${c.cluster} (${count})`, ...[...warnings, ...others].map(line)];
}

function line(e: ClusterEvent): string {
  const message = e.message.replace(/\s+/g, ' ').trim();
  const cut = message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX)} …` : message;
  const times = e.count > 1 ? ` (x${e.count})` : '';
  return `- ${e.at} ${e.type} ${e.reason} ${e.object}${times}: ${cut}`;
}
