import { type AuditRecord, ConflictError, type Lease, type StateStore } from '../../src/ports/state-store.ts';

/**
 * An in-memory StateStore for scenario tests and benchmarks; it passes the same contract suite as
 * the real stores (test/providers/state/memory-store.test.ts). Values are copied in and out, as a
 * real store serialises them, so a caller mutating its object cannot change what is stored.
 */
export function createMemoryStore(
  clock: () => number = Date.now,
  data: MemoryData = emptyData(),
): StateStore & { ops: () => number; reopen(): StateStore } {
  const { docs, leases, deliveries, audit } = data;
  let ops = 0;
  const copy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

  return {
    ops: () => ops,
    /** Another store object on the same data: what a restarted process sees. */
    reopen: () => createMemoryStore(clock, data),
    async get(key) {
      ops += 1;
      const doc = docs.get(key);
      return doc && { value: copy(doc.value), version: doc.version };
    },
    async put(key, value, expected) {
      ops += 1;
      const actual = docs.get(key)?.version ?? 0;
      if (actual !== expected) throw new ConflictError(key, expected, actual);
      docs.set(key, { value: copy(value), version: expected + 1 });
      return expected + 1;
    },
    async remove(key, expected) {
      ops += 1;
      const doc = docs.get(key);
      if (!doc) return;
      if (doc.version !== expected) throw new ConflictError(key, expected, doc.version);
      docs.delete(key);
    },
    async list(prefix) {
      ops += 1;
      return [...docs.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async acquireLease(name, owner, ttlMs) {
      ops += 1;
      const held = leases.get(name);
      const now = clock();
      if (held && held.owner !== owner && held.expiresAt >= now) return undefined;
      const lease = { name, owner, expiresAt: now + ttlMs };
      leases.set(name, lease);
      return { ...lease };
    },
    async releaseLease(name, owner) {
      ops += 1;
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async markDelivery(id, ttlMs) {
      ops += 1;
      const now = clock();
      const until = deliveries.get(id);
      if (until !== undefined && until >= now) return false;
      deliveries.set(id, now + ttlMs);
      return true;
    },
    async appendAudit(key, record) {
      ops += 1;
      audit.set(key, [...(audit.get(key) ?? []), copy(record)]);
    },
    async readAudit(key) {
      ops += 1;
      return copy(audit.get(key) ?? []);
    },
    async ping() {},
  };
}

/** What the in-memory store holds; shared by `reopen`. */
interface MemoryData {
  docs: Map<string, { value: unknown; version: number }>;
  leases: Map<string, Lease>;
  deliveries: Map<string, number>;
  audit: Map<string, AuditRecord[]>;
}

function emptyData(): MemoryData {
  return { docs: new Map(), leases: new Map(), deliveries: new Map(), audit: new Map() };
}
