import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Suffix of the temp files `writeAtomic` leaves behind only when the process dies mid-write. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` with `data` so that a crash at any point leaves either the old file or the new
 * one, never a torn mix: write a temp file in the same folder (rename is atomic only within one file
 * system), fsync it so its bytes are on disk before the name points at them, rename it over, then
 * fsync the folder so the rename itself survives a power cut. `durable: false` keeps the atomic
 * rename (never a torn file) but skips both fsyncs, for records whose loss in a power cut is harmless.
 */
export async function writeAtomic(path: string, data: string, durable = true): Promise<void> {
  if (!durable) return writeAtomicNow(path, data);
  const temp = tempName(path);
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * `writeAtomic` without fsync, in synchronous calls: with nothing to wait for on the disk, a small
 * write and a rename take microseconds, less than a round trip through the thread pool.
 */
export function writeAtomicNow(path: string, data: string): void {
  const temp = tempName(path);
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

// Unique per write: this process's id and nonce, and a counter.
const PROCESS = `${process.pid}.${randomBytes(6).toString('hex')}`;
let written = 0;
const tempName = (path: string) => `${path}.${PROCESS}.${++written}${TEMP_SUFFIX}`;

/** Flushes a folder's entries (new, renamed and removed names) to disk. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows, a few network file systems) cannot fsync a folder; the rename is
    // still atomic there, only its durability across a power cut is weaker.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}
