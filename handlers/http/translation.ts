import type { ForgeEvent } from '../../src/engine/events.ts';

/** Why a delivery means nothing to GUARD, as a label of the dropped-webhooks counter. */
export type IgnoreReason =
  /** An event or action GUARD does not act on: tags, pipelines, approvals, note edits, … */
  | 'not-handled'
  /** Written by a bot (GUARD itself included) or by the forge (system notes). */
  | 'by-bot'
  | 'branch-deleted'
  /** A re-run of another app's check. */
  | 'check-not-guard';

/**
 * What a webhook payload means to GUARD: one forge event to enqueue, or why it is ignored
 * (answered 2xx all the same, so the forge neither retries it nor disables the hook).
 */
export type Translation = { event: ForgeEvent } | { ignored: string; reason: IgnoreReason };

/** `detail` goes to the debug log; `reason` is the counter's label. */
export function ignored(detail: string, reason: IgnoreReason = 'not-handled'): Translation {
  return { ignored: detail, reason };
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
