import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AuditRecord,
  ConflictError,
  type Lease,
  type StateStore,
  type Versioned,
} from '../../../src/ports/state-store.ts';
import { rememberSuccess } from '../../../src/util/remember-success.ts';
import { appendLine, readLines } from './audit-log.ts';
import { bootId } from './boot-id.ts';
import { documentDir } from './document-dir.ts';
import { createJournal, type StateDoc } from './journal.ts';
import { sweep } from './sweep.ts';
import { writeAtomic } from './write-atomic.ts';

export interface FileStateStoreOptions {
  /** Folder that holds the store; created on first write. */
  dir: string;
  /** Epoch milliseconds; decides lease and delivery expiry. */
  clock?: () => number;
  /** Age after which a lock file is presumed left by a dead process (default 30 s). */
  lockStaleMs?: number;
  /** How often `markDelivery` deletes expired delivery records (default hourly). */
  sweepEveryMs?: number;
  /** Called with the number of writes each journal fsync made durable (group commit). */
  onGroupCommit?: (writes: number) => void;
  /** The boot the journal is written under (default: this machine's); tests simulate a reboot. */
  boot?: string;
  /** How soon after a write the journal is checkpointed into fsynced files (default 2 s). */
  checkpointAfterMs?: number;
}

/** A lease this close to its expiry is released the careful way (read back under its lock). */
const RELEASE_MARGIN_MS = 1_000;

interface DeliveryDoc {
  id: string;
  expiresAt: number;
}

/**
 * The embedded store behind `file:<dir>`: one JSON file per document under `state/`, `lease/` and
 * `delivery/`, and one JSON-lines file per key under `audit/`. Writes are atomic (temp file, rename)
 * and every compare-and-swap runs under a per-key O_EXCL lock file, so several processes may share
 * one folder on one host. State writes are durable through the journal (`journal/`, see journal.ts):
 * one fsync makes the writes of a few milliseconds durable together (group commit).
 */
export function createFileStateStore({
  dir,
  clock = Date.now,
  lockStaleMs = 30_000,
  sweepEveryMs = 60 * 60 * 1000,
  onGroupCommit,
  boot = bootId(),
  checkpointAfterMs,
}: FileStateStoreOptions): StateStore {
  const lock = { staleMs: lockStaleMs };
  const state = documentDir(join(dir, 'state'), lock, false);
  const journal = createJournal({
    dir: join(dir, 'journal'),
    lock,
    boot,
    apply: (record) => (record.doc ? state.write(record.key, record.doc) : state.remove(record.key)),
    sync: (keys) => state.sync(keys),
    version: (key) =>
      state.read<StateDoc>(key).then(
        (doc) => doc?.version ?? 0,
        (error: unknown) => {
          if (error instanceof SyntaxError) return -1;
          throw error;
        },
      ),
    ...(onGroupCommit ? { onBatch: onGroupCommit } : {}),
    ...(checkpointAfterMs !== undefined ? { checkpointAfterMs } : {}),
  });
  // Every state operation waits for the replay of a previous boot's journal, once.
  const ready = rememberSuccess(() => journal.recover());
  // Leases and delivery records need atomicity, not durability: see documentDir.
  const leases = documentDir(join(dir, 'lease'), lock, false);
  const deliveries = documentDir(join(dir, 'delivery'), lock, false);
  const audit = documentDir(join(dir, 'audit'), lock);
  let lastSweep = clock();
  // Leases this store took and has not released, to release them without reading them back.
  const mine = new Map<string, Lease>();
  const remember = (lease: Lease) => {
    mine.set(lease.name, lease);
    return lease;
  };

  return {
    async get(key) {
      await ready();
      const doc = await state.read<StateDoc>(key);
      return doc && ({ value: doc.value, version: doc.version } satisfies Versioned);
    },

    put: (key, value, expected) =>
      ready().then(() =>
        state.locked(key, async () => {
          const actual = (await state.read<StateDoc>(key))?.version ?? 0;
          if (actual !== expected) throw new ConflictError(key, expected, actual);
          const doc: StateDoc = { key, version: expected + 1, value };
          await journal.commit({ key, prev: expected, doc });
          return expected + 1;
        }),
      ),

    remove: (key, expected) =>
      ready().then(() =>
        state.locked(key, async () => {
          const doc = await state.read<StateDoc>(key);
          if (!doc) return;
          if (doc.version !== expected) throw new ConflictError(key, expected, doc.version);
          await journal.commit({ key, prev: expected });
        }),
      ),

    async list(prefix) {
      await ready();
      return (await state.keys(prefix)).sort();
    },

    async acquireLease(name, owner, ttlMs) {
      const lease: Lease = { name, owner, expiresAt: clock() + ttlMs };
      // A free lease is taken in one exclusive create; a held or expired one under its lock.
      if (await leases.create(name, lease)) return remember(lease);
      return leases.locked(name, async () => {
        const now = clock();
        const held = await leases.read<Lease>(name);
        if (held && held.owner !== owner && held.expiresAt >= now) return undefined;
        const next: Lease = { name, owner, expiresAt: now + ttlMs };
        if (held) await leases.write(name, next);
        else if (!(await leases.create(name, next))) return undefined; // taken meanwhile
        return remember(next);
      });
    },

    async releaseLease(name, owner) {
      const taken = mine.get(name);
      if (taken?.owner === owner) mine.delete(name);
      // Ours, and far from expiry by the clock every taker checks: nobody can have taken it over.
      if (taken?.owner === owner && clock() < taken.expiresAt - RELEASE_MARGIN_MS) return leases.remove(name);
      await leases.locked(name, async () => {
        if ((await leases.read<Lease>(name))?.owner === owner) await leases.remove(name);
      });
    },

    async markDelivery(id, ttlMs) {
      const now = clock();
      // Sweep before recording: should the sweep fail, nothing was recorded and a retry is exact.
      if (now - lastSweep >= sweepEveryMs) {
        const previous = lastSweep;
        lastSweep = now; // one sweep at a time, however many deliveries arrive meanwhile
        await sweep(deliveries, [state, leases, audit], now).catch((error: unknown) => {
          lastSweep = previous;
          throw error;
        });
      }
      return deliveries.locked(id, async () => {
        const seen = await deliveries.read<DeliveryDoc>(id);
        if (seen && seen.expiresAt >= now) return false;
        await deliveries.write(id, { id, expiresAt: now + ttlMs } satisfies DeliveryDoc);
        return true;
      });
    },

    appendAudit: (key, record) =>
      audit.locked(key, () => appendLine(audit.path(key, '.jsonl'), JSON.stringify(record))),

    readAudit: (key) => readLines<AuditRecord>(audit.path(key, '.jsonl')),

    async ping() {
      const path = join(dir, 'ping.json');
      const body = JSON.stringify({ at: clock(), pid: process.pid });
      await mkdir(dir, { recursive: true });
      await writeAtomic(path, body);
      await readFile(path, 'utf8');
    },
  };
}
