import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOptions {
  /**
   * A lock file older than this is taken to belong to a process that died holding it, and is broken.
   * Holders keep a lock for milliseconds; this must stay far above that, even on a slow disk.
   */
  staleMs: number;
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException).code === code;

// Unique per lock taken: this process's id and nonce, and a counter (no randomness per lock).
const PROCESS = `${process.pid}.${randomBytes(6).toString('hex')}`;
let taken = 0;

/**
 * Runs `work` while holding the lock file `path`, which is created with O_EXCL: across processes on
 * one host (or one shared folder) only one creator succeeds, so a read-compare-write inside `work`
 * is a real compare-and-swap. Ages are measured against the file system's clock (mtime), not the
 * store's injectable clock, because the lock outlives any one process.
 *
 * Creating and removing a lock file are synchronous calls: on a local file system they take
 * microseconds, less than the round trip through the thread pool an asynchronous call costs.
 */
export async function withLock<T>(path: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const token = `${PROCESS}.${++taken}`;
  await acquire(path, token, options);
  const acquired = Date.now();
  try {
    return await work();
  } finally {
    // Others break a lock only once it is staleMs old: held for less than half that, it is still ours.
    if (Date.now() - acquired < options.staleMs / 2) removeLock(path);
    else release(path, token);
  }
}

function removeLock(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
}

async function acquire(path: string, token: string, { staleMs }: LockOptions): Promise<void> {
  // Waiting longer than the stale age lets a dead holder's lock be broken before we give up.
  const deadline = Date.now() + 2 * staleMs + 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, token, { flag: 'wx' });
      return;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    await breakIfStale(path, staleMs);
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for the lock ${path}; if no GUARD process uses this store, delete it`,
      );
    }
    // Jittered backoff: contenders on one key spread out instead of retrying in lock-step.
    await sleep(Math.min(25, 1 + attempt) * (0.5 + Math.random()));
  }
}

/**
 * Removes a lock left by a dead process. It is moved aside first and checked to be the same file we
 * judged stale: when another process broke it and a new holder took the name in between, that fresh
 * lock is linked back instead of being deleted under its holder.
 */
async function breakIfStale(path: string, staleMs: number): Promise<void> {
  const seen = await stat(path).catch(() => undefined);
  if (!seen || Date.now() - seen.mtimeMs < staleMs) return;
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await stat(aside);
  if (moved.ino !== seen.ino || moved.mtimeMs !== seen.mtimeMs) {
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

function release(path: string, token: string): void {
  // Only our own lock: had ours been broken as stale, the file now belongs to someone else.
  let holder: string | undefined;
  try {
    holder = readFileSync(path, 'utf8');
  } catch {
    holder = undefined;
  }
  if (holder === token) removeLock(path);
}
