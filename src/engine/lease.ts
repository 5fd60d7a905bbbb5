import type { StateStore } from '../ports/state-store.ts';
import { LeaseLostError } from './errors.ts';
import type { Logger } from './logger.ts';
import { defaultTimers, type Timers } from './work-queue.ts';

/**
 * How long a lease lives unrenewed. Short, because a replica that dies holding one stalls the work
 * until it expires; a live holder keeps it by its heartbeat, however long the work takes.
 */
export const LEASE_TTL_MS = 30_000;
/** The heartbeat: a third of the TTL, so two renewals in a row may fail before the lease could lapse. */
export const HEARTBEAT_MS = 10_000;

/** A lease this replica holds, kept alive by a heartbeat until released. */
export interface HeldLease {
  /**
   * Resolves while this replica still holds the lease (renewing it now when the heartbeat has not
   * lately); throws LeaseLostError once another replica may have taken it.
   */
  confirm(): Promise<void>;
  /** Stops the heartbeat and gives the lease up (always, in a `finally`). */
  release(): Promise<void>;
}

export interface HoldLeaseInput {
  store: StateStore;
  name: string;
  /** This replica's identity: stable across its restarts, so it takes its own lease back at once. */
  owner: string;
  ttlMs?: number;
  heartbeatMs?: number;
  timers?: Timers;
  /** Aborted when the work is abandoned (a shutdown past its grace): the heartbeat stops renewing. */
  signal?: AbortSignal;
  /** Epoch ms: how old the last confirmed renewal is. */
  now: () => number;
  log: Logger;
}

/** Takes the lease `name` and renews it every heartbeat; undefined when another live owner holds it. */
export async function holdLease(input: HoldLeaseInput): Promise<HeldLease | undefined> {
  const { store, name, owner, now, log } = input;
  const ttlMs = input.ttlMs ?? LEASE_TTL_MS;
  const heartbeatMs = Math.min(input.heartbeatMs ?? HEARTBEAT_MS, ttlMs / 3);
  const timers = input.timers ?? defaultTimers;
  if (!(await store.acquireLease(name, owner, ttlMs))) return undefined;
  let renewedAt = now();
  let lost = false;
  let stopped = false;
  let handle: unknown;
  let beating: Promise<void> = Promise.resolve();

  const halted = (): boolean => input.signal?.aborted === true;
  const renew = async (): Promise<void> => {
    if (halted()) return;
    const at = now();
    if (await store.acquireLease(name, owner, ttlMs)) renewedAt = Math.max(renewedAt, at);
    else lost = true;
  };
  const beat = (): void => {
    handle = timers.setTimeout(() => {
      beating = renew()
        .catch((error: Error) => log.warn({ lease: name, err: error.message }, 'lease renewal failed'))
        .finally(() => {
          if (!stopped && !lost && !halted()) beat();
        });
    }, heartbeatMs);
  };
  beat();

  return {
    async confirm() {
      // Past two missed heartbeats the lease may lapse soon: make sure of it before acting.
      if (!lost && now() - renewedAt >= ttlMs - heartbeatMs) await renew();
      if (lost) throw new LeaseLostError(name);
    },
    async release() {
      stopped = true;
      timers.clearTimeout(handle);
      // A renewal in flight must land before the release, or it would take the lease again.
      await beating;
      await store.releaseLease(name, owner);
    },
  };
}
