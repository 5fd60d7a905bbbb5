import type { AuditRecord, StateStore } from '../../../src/ports/state-store.ts';

/** What each part of the contract sees: a fresh store per test and the hand on its clock. */
export interface ContractContext {
  readonly store: StateStore;
  /** Moves the store's clock forward. */
  advance(ms: number): void;
  /** A second store object on the same data and clock: the store as a restarted process opens it. */
  reopen(): Promise<StateStore>;
}

/** The store's clock at the start of every test (epoch ms). */
export const START = Date.UTC(2025, 5, 2, 9, 30);
export const TTL = 60_000;

/** An audit record; the same `at` on every one, so only the store can keep them in order. */
export const record = (action: string, details?: Record<string, unknown>): AuditRecord => ({
  at: '2025-06-02T09:30:00.000Z',
  actor: 'guard',
  action,
  reason: `because ${action}`,
  ...(details && { details }),
});

/** Settles `promises` into the values of those that fulfilled and the reasons of those that rejected. */
export async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  const fulfilled = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const rejected = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
  return { fulfilled, rejected };
}
