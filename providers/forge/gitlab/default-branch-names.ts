import type { StateStore } from '../../../src/ports/state-store.ts';

/**
 * Projects' default branch names, shared by the adapters of one process. An adapter lives for one
 * reconcile, so without this every tick would ask for the project (`GET /projects/:id`) before its
 * branch: two requests a rollout where one does. A name is trusted for `ttlMs` (a renamed default
 * branch is seen within that, or at once when the old branch is gone: its read answers 404).
 *
 * With a `store`, a name learnt is also kept there (`default-branch/gitlab:<project>`), so that a
 * restarted process or another replica reads its first head with one request too (issue 12, engine
 * tick). A stored name is trusted for `ttlMs` from when this process read it, not from when it was
 * learnt: a rename while GUARD was down is then seen within `ttlMs` of the start (at once when the
 * old branch is gone), the bound a running process keeps. Best effort: a store that fails costs a
 * project read, never a wrong answer.
 */
export interface DefaultBranchNames {
  get(project: string): Promise<string | undefined>;
  set(project: string, name: string): Promise<void>;
  /** `name` is gone (its branch read answered 404): ask the project next time, here and in the store. */
  forget(project: string, name: string): Promise<void>;
}

export const defaultBranchKey = (project: string): string => `default-branch/gitlab:${project}`;

interface Kept {
  /** Absent once forgotten: the project is asked, not the store. */
  name?: string;
  until: number;
  /** The name the store holds as far as this process knows: one learnt again unchanged is not written. */
  stored?: string;
}

export function createDefaultBranchNames(
  options: { ttlMs?: number; now?: () => number; max?: number; store?: StateStore } = {},
): DefaultBranchNames {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const max = options.max ?? 10_000;
  const { store } = options;
  const kept = new Map<string, Kept>();
  // Reconciles of one project's rollouts start together on a tick: they share one store read.
  const loading = new Map<string, Promise<string | undefined>>();

  const keep = (project: string, entry: Kept) => {
    kept.delete(project);
    // Oldest first in a Map's order: past `max` projects, the least recently learnt goes.
    if (kept.size >= max) kept.delete(kept.keys().next().value!);
    kept.set(project, entry);
  };
  const fresh = (entry: Kept | undefined) =>
    entry?.name !== undefined && entry.until > now() ? entry.name : undefined;
  const load = async (project: string): Promise<string | undefined> => {
    const name = nameIn((await store!.get(defaultBranchKey(project)).catch(() => undefined))?.value);
    // A name learnt or forgotten meanwhile (by another reconcile) is newer than the store's.
    if (name !== undefined && !kept.has(project)) keep(project, { name, until: now() + ttlMs, stored: name });
    return fresh(kept.get(project));
  };

  return {
    async get(project) {
      const entry = kept.get(project);
      // A name this process learnt and let expire is asked of the project: the store holds no newer one.
      if (entry) return fresh(entry);
      if (!store) return undefined;
      let pending = loading.get(project);
      if (!pending) {
        pending = load(project).finally(() => loading.delete(project));
        loading.set(project, pending);
      }
      return pending;
    },
    async set(project, name) {
      const stored = kept.get(project)?.stored;
      keep(project, { name, until: now() + ttlMs, ...(stored !== undefined && { stored }) });
      if (!store || stored === name) return;
      try {
        const key = defaultBranchKey(project);
        const found = await store.get(key);
        if (nameIn(found?.value) !== name) await store.put(key, { name }, found?.version ?? 0);
        const entry = kept.get(project);
        if (entry?.name === name) entry.stored = name;
      } catch {
        // Another replica wrote first (a conflict) or the store faltered: the next start asks the project.
      }
    },
    async forget(project, name) {
      keep(project, { until: 0 });
      if (!store) return;
      try {
        const key = defaultBranchKey(project);
        const found = await store.get(key);
        if (found && nameIn(found.value) === name) await store.remove(key, found.version);
      } catch {
        // Left in the store, the name costs the next start one 404 before it asks the project.
      }
    },
  };
}

function nameIn(value: unknown): string | undefined {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
