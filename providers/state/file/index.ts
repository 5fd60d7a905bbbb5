import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AuditRecord,
  ConflictError,
  type Lease,
  type StateStore,
  type Versioned,
} from '../../../src/ports/state-store.ts';
import { appendLine, readLines } from './audit-log.ts';
import { documentDir } from './document-dir.ts';
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
}

interface StateDoc {
  key: string;
  version: number;
  value?: unknown;
}

interface DeliveryDoc {
  id: string;
  expiresAt: number;
}

/**
 * The embedded store behind `file:<dir>`: one JSON file per document under `state/`, `lease/` and
 * `delivery/`, and one JSON-lines file per key under `audit/`. Writes are atomic (temp file, fsync,
 * rename, fsync folder) and every compare-and-swap runs under a per-key O_EXCL lock file, so several
 * processes may share one folder on one host.
 */
export function createFileStateStore({
  dir,
  clock = Date.now,
  lockStaleMs = 30_000,
  sweepEveryMs = 60 * 60 * 1000,
}: FileStateStoreOptions): StateStore {
  const lock = { staleMs: lockStaleMs };
  const state = documentDir(join(dir, 'state'), lock);
  // Leases and delivery records need atomicity, not durability: see documentDir.
  const leases = documentDir(join(dir, 'lease'), lock, false);
  const deliveries = documentDir(join(dir, 'delivery'), lock, false);
  const audit = documentDir(join(dir, 'audit'), lock);
  let lastSweep = clock();

  return {
    async get(key) {
      const doc = await state.read<StateDoc>(key);
      return doc && ({ value: doc.value, version: doc.version } satisfies Versioned);
    },

    put: (key, value, expected) =>
      state.locked(key, async () => {
        const actual = (await state.read<StateDoc>(key))?.version ?? 0;
        if (actual !== expected) throw new ConflictError(key, expected, actual);
        await state.write(key, { key, version: expected + 1, value } satisfies StateDoc);
        return expected + 1;
      }),

    remove: (key, expected) =>
      state.locked(key, async () => {
        const doc = await state.read<StateDoc>(key);
        if (!doc) return;
        if (doc.version !== expected) throw new ConflictError(key, expected, doc.version);
        await state.remove(key);
      }),

    async list(prefix) {
      return (await state.keys()).filter((key) => key.startsWith(prefix)).sort();
    },

    acquireLease: (name, owner, ttlMs) =>
      leases.locked(name, async () => {
        const now = clock();
        const held = await leases.read<Lease>(name);
        if (held && held.owner !== owner && held.expiresAt >= now) return undefined;
        const lease: Lease = { name, owner, expiresAt: now + ttlMs };
        await leases.write(name, lease);
        return lease;
      }),

    releaseLease: (name, owner) =>
      leases.locked(name, async () => {
        if ((await leases.read<Lease>(name))?.owner === owner) await leases.remove(name);
      }),

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
