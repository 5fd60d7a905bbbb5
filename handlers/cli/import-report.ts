import type { RegistryMapping } from '../../src/fleet-import/map-registry.ts';
import type { FleetMerge } from '../../src/fleet-import/merge-fleet.ts';

/** What `guard fleet import` mapped, what it could not, and what people should know. */
export function importReport(file: string, mapping: RegistryMapping, merged: FleetMerge | undefined): string {
  const lines: string[] = [];
  if (merged) {
    const counts = [
      `${merged.added.length} added`,
      `${merged.updated.length} updated`,
      `${merged.unchanged.length} unchanged`,
    ];
    lines.push(`${file}: clusters ${counts.join(', ')}`);
    if (merged.added.length) lines.push(`  added: ${merged.added.join(', ')}`);
    if (merged.updated.length) lines.push(`  updated: ${merged.updated.join(', ')}`);
    if (merged.kept.length) lines.push(`  kept (in ${file}, not in the table): ${merged.kept.join(', ')}`);
    if (merged.batchesAdded.length)
      lines.push(`  batches added, in this order: ${merged.batchesAdded.join(', ')}`);
  }
  if (mapping.skipped.length) {
    lines.push(`not mapped (${mapping.skipped.length}):`);
    for (const s of mapping.skipped)
      lines.push(`  item ${s.item + 1}${s.label ? ` (${s.label})` : ''}: ${s.reason}`);
  }
  const notes = [...mapping.notes, ...(merged?.notes ?? [])];
  const versions = mapping.clusters.filter((c) => c.currentVersion);
  if (versions.length)
    notes.push(
      `current versions are not written: GUARD reads each cluster's version from its files (${versions
        .map((c) => `${c.name} ${c.currentVersion}`)
        .join('; ')})`,
    );
  if (notes.length) lines.push('notes:', ...notes.map((n) => `  ${n}`));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
