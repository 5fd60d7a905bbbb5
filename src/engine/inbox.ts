import { ConflictError, type StateStore } from '../ports/state-store.ts';
import type { AcceptedCommand } from '../rollout/model.ts';
import { inboxKey } from './keys.ts';

const MAX_PENDING = 50;
const MAX_TRIES = 10;

/**
 * Accepted `/guard` commands waiting for their rollout's next reconcile. Commands are added by the
 * comment handler (after authorization) and taken out by reconcile once decide handled them; both
 * sides retry on a conflicting write, and a command id already present is not added twice.
 */
export async function readInbox(store: StateStore, key: string): Promise<AcceptedCommand[]> {
  return ((await store.get(inboxKey(key)))?.value as AcceptedCommand[] | undefined) ?? [];
}

/** Adds `command` unless its id is already waiting; false when it was (a redelivered comment). */
export async function addToInbox(store: StateStore, key: string, command: AcceptedCommand): Promise<boolean> {
  return update(store, key, (pending) =>
    pending.some((c) => c.id === command.id) ? undefined : [...pending, command].slice(-MAX_PENDING),
  );
}

/** Takes handled commands out. */
export async function dropFromInbox(store: StateStore, key: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await update(store, key, (pending) => {
    const left = pending.filter((c) => !ids.includes(c.id));
    return left.length === pending.length ? undefined : left;
  });
}

async function update(
  store: StateStore,
  key: string,
  change: (pending: AcceptedCommand[]) => AcceptedCommand[] | undefined,
): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const found = await store.get(inboxKey(key));
    const next = change((found?.value as AcceptedCommand[] | undefined) ?? []);
    if (!next) return false;
    try {
      if (next.length === 0 && found) await store.remove(inboxKey(key), found.version);
      else await store.put(inboxKey(key), next, found?.version ?? 0);
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new Error(`the command inbox of ${key} keeps changing; try again`);
}
