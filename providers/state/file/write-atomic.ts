import { randomBytes } from 'node:crypto';
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
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(data);
      if (durable) await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (durable) await syncDir(dirname(path));
}

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
