/**
 * Where GUARD keeps what it must not forget: rollout state (with optimistic concurrency), leases
 * that make one replica at a time reconcile a rollout, webhook delivery de-duplication, and the
 * append-only audit trail. Implementations: `file:<dir>` (embedded default) and
 * `dynamodb:<table>`; both pass test/contract/state-store.contract.ts.
 *
 * Every method is safe to retry: a repeated call after a lost reply changes nothing more.
 */
export interface StateStore {
  /** The stored document for `key`, with its version; undefined when there is none. */
  get(key: string): Promise<Versioned | undefined>;
  /**
   * Writes `value` for `key` if the stored version is `expected` (`0` means "must not exist yet")
   * and returns the new version (`expected + 1`). Throws `ConflictError` when someone else wrote first.
   */
  put(key: string, value: unknown, expected: number): Promise<number>;
  /**
   * Deletes `key` if its stored version is `expected`; a key that is already gone is left gone (a
   * retried delete). Throws `ConflictError` when someone else wrote it since.
   */
  remove(key: string, expected: number): Promise<void>;
  /** Keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Takes the lease `name` for `owner` until `ttlMs` from now, when it is free, expired, or already
   * held by `owner` (a renewal). Returns the lease, or undefined when another live owner holds it.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up if `owner` still holds it; a no-op otherwise. */
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Records a webhook delivery id; true the first time it is seen within `ttlMs`, false for a
   * redelivery. Records expire after `ttlMs`.
   */
  markDelivery(id: string, ttlMs: number): Promise<boolean>;
  /** Appends one record to `key`'s audit trail; records read back in the order they were appended. */
  appendAudit(key: string, record: AuditRecord): Promise<void>;
  /** `key`'s audit trail, oldest first. */
  readAudit(key: string): Promise<AuditRecord[]>;
  /** Resolves when the store can be read and written (for `/readyz`); rejects otherwise. */
  ping(): Promise<void>;
}

export interface Versioned {
  value: unknown;
  /** 1 for the first write, then +1 per write. */
  version: number;
}

export interface Lease {
  name: string;
  owner: string;
  /** Epoch milliseconds after which another owner may take it. */
  expiresAt: number;
}

/** One line of the audit trail: who or what did what, when and why. */
export interface AuditRecord {
  /** ISO 8601 time. */
  at: string;
  /** A forge user (`alice`), or `guard` for GUARD's own decisions. */
  actor: string;
  /** What happened: `wave.opened`, `command.rollback`, `forge.write` … */
  action: string;
  /** Why, in words a person reads on the dashboard. */
  reason: string;
  /** Anything else worth keeping (MR number, versions, evidence summary). */
  details?: Record<string, unknown>;
}

/** Another writer changed the document since it was read: read again, decide again. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  readonly key: string;

  constructor(key: string, expected: number, actual: number) {
    super(`state of ${key} is at version ${actual}, not ${expected}; read it again`);
    this.key = key;
  }
}
