import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentDir } from './document-dir.ts';
import { TEMP_SUFFIX } from './write-atomic.ts';

/** Temp files this old were left by a crash mid-write: no live writer takes an hour. */
const ORPHAN_TEMP_MS = 60 * 60 * 1000;

/**
 * Deletes delivery records that expired before `now`, and temp files orphaned by crashes. Each
 * delete happens under the record's lock after a fresh read, so a record that was just renewed by a
 * concurrent `markDelivery` is never lost.
 */
export async function sweep(deliveries: DocumentDir, others: DocumentDir[], now: number): Promise<void> {
  const expired = async (id: string) =>
    ((await deliveries.read<{ expiresAt: number }>(id))?.expiresAt ?? now) < now;
  for (const id of await deliveries.keys()) {
    // A cheap look first; only expired records are locked and read again before the delete.
    if (!(await expired(id))) continue;
    await deliveries.locked(id, async () => {
      if (await expired(id)) await deliveries.remove(id);
    });
  }
  for (const { dir } of [deliveries, ...others]) {
    const names = await readdir(dir).catch(() => []);
    for (const name of names.filter((n) => n.endsWith(TEMP_SUFFIX))) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > ORPHAN_TEMP_MS) await rm(path, { force: true });
    }
  }
}
