import type { ForgeEvent } from '../../src/engine/events.ts';

/**
 * What a webhook payload means to GUARD: one forge event to enqueue, or the reason it is ignored
 * (answered 2xx all the same, so the forge neither retries it nor disables the hook).
 */
export type Translation = { event: ForgeEvent } | { ignored: string };

export function ignored(reason: string): Translation {
  return { ignored: reason };
}

/** Paths added, modified or removed by a push's commits, each once, sorted. */
export function changedPaths(
  commits: readonly { added?: string[]; modified?: string[]; removed?: string[] }[],
): string[] {
  const paths = new Set<string>();
  for (const commit of commits) {
    for (const path of [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]) {
      paths.add(path);
    }
  }
  return [...paths].sort();
}
