/**
 * Projects' default branch names, shared by the adapters of one process. An adapter lives for one
 * reconcile, so without this every tick would ask for the project (`GET /projects/:id`) before its
 * branch: two requests a rollout where one does. A name is trusted for `ttlMs` (a renamed default
 * branch is seen within that, or at once when the old branch is gone: its read answers 404).
 */
export interface DefaultBranchNames {
  get(project: string): string | undefined;
  set(project: string, name: string): void;
  forget(project: string): void;
}

export function createDefaultBranchNames(
  options: { ttlMs?: number; now?: () => number; max?: number } = {},
): DefaultBranchNames {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const max = options.max ?? 10_000;
  const names = new Map<string, { name: string; until: number }>();
  return {
    get(project) {
      const kept = names.get(project);
      if (!kept) return undefined;
      if (kept.until > now()) return kept.name;
      names.delete(project);
      return undefined;
    },
    set(project, name) {
      names.delete(project);
      // Oldest first in a Map's order: past `max` projects, the least recently learnt goes.
      if (names.size >= max) names.delete(names.keys().next().value!);
      names.set(project, { name, until: now() + ttlMs });
    },
    forget(project) {
      names.delete(project);
    },
  };
}
