import type { AuditRecord, StateStore } from '../ports/state-store.ts';
import type { Action, RolloutState } from '../rollout/model.ts';
import { stateKey } from './keys.ts';

/**
 * Work decided but not yet done: persisted together with the state it leads to (a transactional
 * outbox), so a crash between deciding and doing loses nothing. The next reconcile finishes the
 * outbox before it decides anything new; every action is idempotent, so one interrupted half-way is
 * completed, not repeated.
 */
export interface Outbox {
  /** Unique per decision (the state version it was stored with); names event comments' markers. */
  id: string;
  actions: Action[];
  /** Actions finished so far, in order. */
  done: number;
  audit: AuditRecord[];
  /** The audit lines were appended (they carry `details.id`, so a repeat is recognisable). */
  audited: boolean;
  /** Failed tries of the action at `done` so far, and the last error, for giving up in time. */
  failures?: number;
  lastError?: string;
}

/** What the store keeps per rollout. */
export interface RolloutDoc {
  state: RolloutState;
  outbox?: Outbox;
}

export interface StoredDoc {
  doc?: RolloutDoc;
  /** Store version (0: nothing stored yet). */
  version: number;
}

export async function loadDoc(store: StateStore, key: string): Promise<StoredDoc> {
  const found = await store.get(stateKey(key));
  return found ? { doc: found.value as RolloutDoc, version: found.version } : { version: 0 };
}

/** Compare-and-swap write; throws ConflictError when another writer got there first. */
export async function saveDoc(
  store: StateStore,
  key: string,
  doc: RolloutDoc,
  expected: number,
): Promise<number> {
  return store.put(stateKey(key), doc, expected);
}

/** The audit trail as people read it: repeats of a record (same `details.id`) shown once. */
export async function readTrail(store: StateStore, key: string): Promise<AuditRecord[]> {
  const seen = new Set<string>();
  return (await store.readAudit(key)).filter((record) => {
    const id = record.details?.id;
    if (typeof id !== 'string') return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
