import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { rememberSuccess } from '../../../src/util/remember-success.ts';
import { keyFileName, keyFromFileName, namePrefix } from './key-file-name.ts';
import { type LockOptions, withLock } from './with-lock.ts';
import { syncDir, TEMP_SUFFIX, writeAtomic } from './write-atomic.ts';

/** One folder of per-key files: JSON documents replaced atomically, each with its own lock. */
export interface DocumentDir {
  readonly dir: string;
  /** Path of `key`'s file with `extension` (`.json` for documents). */
  path(key: string, extension?: string): string;
  read<T>(key: string): Promise<T | undefined>;
  write(key: string, doc: unknown): Promise<void>;
  /** Writes `doc` only if `key` has no document, appearing whole or not at all; false when it has one. */
  create(key: string, doc: unknown): Promise<boolean>;
  remove(key: string): Promise<void>;
  /** Runs `work` holding `key`'s lock, creating the folder on first use. */
  locked<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Makes the files of `keys` durable: fsync each that exists, then the folder (for removals). */
  sync(keys: readonly string[]): Promise<void>;
  /** Keys that have a document (starting with `prefix`, if given), unsorted. Temp, lock and foreign files are skipped. */
  keys(prefix?: string): Promise<string[]>;
}

const DOCUMENT = '.json';
// Unique per created document: this process's id and nonce, and a counter.
const PROCESS = `${process.pid}.${randomBytes(6).toString('hex')}`;
let linked = 0;

/**
 * A `DocumentDir` at `dir`. Nothing touches the disk until the first call. With `durable: false`
 * writes and removals are still atomic but not fsynced: for leases and delivery records, whose loss
 * in a power cut costs at most a second reconcile or a repeated (idempotent) job, and for state
 * documents, which the journal makes durable first.
 */
export function documentDir(dir: string, lock: LockOptions, durable = true): DocumentDir {
  const ensureDir = rememberSuccess(async () => {
    await mkdir(dir, { recursive: true });
    await syncDir(dirname(dir));
  });
  const path = (key: string, extension = DOCUMENT) => join(dir, keyFileName(key) + extension);
  // Callers in this process queue for a key here instead of spinning on its lock file.
  const queues = new Map<string, Promise<unknown>>();

  return {
    dir,
    path,
    // Documents are small: reading one at once costs less than a round trip through the thread pool.
    async read<T>(key: string) {
      let text: string;
      try {
        text = readFileSync(path(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      return JSON.parse(text) as T;
    },
    write: (key, doc) => writeAtomic(path(key), JSON.stringify(doc), durable),
    async create(key, doc) {
      const file = path(key);
      await ensureDir();
      // Written aside, then linked into place: the name appears with the whole document or not at
      // all, and link (unlike rename) refuses a name that exists. A crash leaves a swept temp file.
      const temp = `${file}.${PROCESS}.${++linked}${TEMP_SUFFIX}`;
      writeFileSync(temp, JSON.stringify(doc), { flag: 'wx' });
      try {
        linkSync(temp, file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      } finally {
        unlinkSync(temp);
      }
    },
    async remove(key) {
      try {
        unlinkSync(path(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (durable) await syncDir(dir);
    },
    locked(key, work) {
      let lockPath: string;
      try {
        lockPath = path(key, '.lock');
      } catch (error) {
        return Promise.reject(error);
      }
      const before = queues.get(lockPath) ?? Promise.resolve();
      const mine = before.then(() => ensureDir().then(() => withLock(lockPath, lock, work)));
      const settled = mine.catch(() => undefined);
      queues.set(lockPath, settled);
      void settled.then(() => {
        if (queues.get(lockPath) === settled) queues.delete(lockPath);
      });
      return mine;
    },
    async sync(keys) {
      for (const key of keys) {
        const file = await open(path(key), 'r').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        if (!file) continue;
        try {
          await file.sync();
        } finally {
          await file.close();
        }
      }
      await syncDir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    async keys(prefix = '') {
      const start = namePrefix(prefix) ?? '';
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      const keys: string[] = [];
      for (const name of names) {
        if (!name.startsWith(start) || !name.endsWith(DOCUMENT)) continue;
        const key = keyFromFileName(name.slice(0, -DOCUMENT.length));
        if (key?.startsWith(prefix)) keys.push(key);
      }
      return keys;
    },
  };
}
