import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readSegment, type Segment } from './journal-segment.ts';
import { type LockOptions, withLock } from './with-lock.ts';
import { syncDir } from './write-atomic.ts';

/** A state document as the file store keeps it on disk. */
export interface StateDoc {
  key: string;
  version: number;
  value?: unknown;
}

/** One compare-and-swap write: `doc` replaces version `prev` of `key`; no `doc` removes it. */
export interface JournalRecord {
  key: string;
  prev: number;
  doc?: StateDoc;
}

export interface JournalOptions {
  /** The journal's own folder. */
  dir: string;
  lock: LockOptions;
  /** This boot's id (see boot-id.ts). */
  boot: string;
  /** Writes one record's effect to its document file, atomically but without fsync. */
  apply(record: JournalRecord): Promise<void>;
  /** Makes the document files of `keys` durable (fsync each that exists, then their folder). */
  sync(keys: readonly string[]): Promise<void>;
  /** A document's version on disk for replay: 0 when absent, -1 when unreadable (torn by a power cut). */
  version(key: string): Promise<number>;
  /** Journal size that triggers a checkpoint (default 1 MiB). */
  checkpointBytes?: number;
  /** Time after a commit by which a checkpoint follows (default 2 s). */
  checkpointAfterMs?: number;
  /** Called with the number of records each fsync made durable. */
  onBatch?(records: number): void;
}

export interface Journal {
  /** Resolves once `record` is on disk in the journal (with whatever arrived beside it) and applied. */
  commit(record: JournalRecord): Promise<void>;
  /** Replays what a previous boot journaled but may not have reached its files. Before any commit. */
  recover(): Promise<void>;
  /** Makes every applied record's file durable and retires the journal written so far. */
  checkpoint(): Promise<void>;
}

const CURRENT = 'current.jsonl';

/**
 * Group commit for the file store. A write appends its record to one journal shared by every process
 * of the store, and a single fdatasync makes durable every record that arrived while the previous one
 * ran; the document files are then written without fsync. A checkpoint later fsyncs the files the
 * journal names and retires it, so records that were created and removed in between (most webhook
 * jobs) never cost a file fsync at all. After a reboot (unsynced file data is gone) the journal of
 * the previous boot is replayed: each record applies when its document still holds the version the
 * record replaced, or is unreadable, so a replay repeats history up to the last acknowledged write.
 */
export function createJournal(options: JournalOptions): Journal {
  const { dir, lock, boot } = options;
  const lockPath = join(dir, 'journal.lock');
  const current = join(dir, CURRENT);
  const header = `${JSON.stringify({ boot })}\n`;
  const checkpointBytes = options.checkpointBytes ?? 1024 * 1024;
  const checkpointAfterMs = options.checkpointAfterMs ?? 2_000;
  type Waiter = { record: JournalRecord; resolve(): void; reject(error: unknown): void };
  let pending: Waiter[] = [];
  let flushing = false;
  let checkpointing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  // Applied under the journal lock, so a checkpoint (which takes it to rotate) never retires a
  // record whose file is not written yet.
  const append = (batch: Waiter[]) =>
    withLock(lockPath, lock, async () => {
      const file = await open(current, 'a');
      let size: number;
      let created: boolean;
      try {
        size = (await file.stat()).size;
        created = size === 0;
        const text = (size === 0 ? header : '') + batch.map((w) => `${JSON.stringify(w.record)}\n`).join('');
        const { bytesWritten } = await file.write(text);
        if (bytesWritten !== Buffer.byteLength(text))
          throw new Error(`short write to ${current} (disk full?)`);
        await file.datasync();
        size += bytesWritten;
      } finally {
        await file.close();
      }
      // A new journal's name must survive a power cut as well as its content.
      if (created) await syncDir(dir);
      options.onBatch?.(batch.length);
      const applied = await Promise.allSettled(batch.map((w) => options.apply(w.record)));
      applied.forEach((result, i) => {
        if (result.status === 'fulfilled') batch[i]!.resolve();
        else batch[i]!.reject(result.reason);
      });
      return size;
    });

  const flush = async (): Promise<void> => {
    let size = 0;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        size = await append(batch);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    flushing = false;
    if (size >= checkpointBytes) checkpointSoon(0);
    else if (!timer) checkpointSoon(checkpointAfterMs);
  };

  const checkpointSoon = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      checkpoint().catch(() => undefined); // left for the next checkpoint or the next start
    }, ms);
    timer.unref();
  };

  const retire = async (path: string, segment: Segment) => {
    await options.sync([...new Set(segment.records.map((r) => r.key))]);
    await rm(path, { force: true });
  };

  const checkpoint = (): Promise<void> => {
    checkpointing ??= (async () => {
      const name = `${String(Date.now()).padStart(15, '0')}-${randomBytes(4).toString('hex')}.ckpt`;
      const rotated = join(dir, name);
      const moved = await withLock(lockPath, lock, () =>
        rename(current, rotated).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return false;
            throw error;
          },
        ),
      );
      const segment = moved ? await readSegment(rotated) : undefined;
      if (segment) await retire(rotated, segment);
    })().finally(() => {
      checkpointing = undefined;
    });
    return checkpointing;
  };

  return {
    commit(record) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ record, resolve, reject });
        if (!flushing) {
          flushing = true;
          void flush();
        }
      });
    },
    checkpoint,
    async recover() {
      await mkdir(dir, { recursive: true });
      const leftovers = await withLock(lockPath, lock, async () => {
        const names = (await readdir(dir)).filter((n) => n.endsWith('.ckpt')).sort();
        const segments: { path: string; segment: Segment }[] = [];
        for (const name of [...names, CURRENT]) {
          const segment = await readSegment(join(dir, name));
          if (segment) segments.push({ path: join(dir, name), segment });
        }
        const foreign = segments.filter((s) => s.segment.boot !== boot);
        if (foreign.length > 0) await replay(options, foreign);
        // A checkpoint of this boot that a process did not finish: its files only need their fsync.
        return segments.filter((s) => s.segment.boot === boot && !s.path.endsWith(CURRENT));
      });
      for (const { path, segment } of leftovers) await retire(path, segment);
    },
  };
}

/** Re-applies a previous boot's records in order, makes the result durable, then drops the segments. */
async function replay(
  options: JournalOptions,
  segments: { path: string; segment: Segment }[],
): Promise<void> {
  const versions = new Map<string, number>();
  for (const { segment } of segments) {
    for (const record of segment.records) {
      const now = versions.get(record.key) ?? (await options.version(record.key));
      if (now !== -1 && now !== record.prev) {
        versions.set(record.key, now);
        continue;
      }
      await options.apply(record);
      versions.set(record.key, record.doc ? record.doc.version : 0);
    }
  }
  await options.sync([...versions.keys()]);
  for (const { path } of segments) await rm(path, { force: true });
  await syncDir(options.dir);
}
