import { STATE_PREFIX } from '../../src/engine/keys.ts';
import type { RolloutDoc } from '../../src/engine/rollout-doc.ts';
import type { StateStore } from '../../src/ports/state-store.ts';

/**
 * Rollouts per phase for the `guard_rollouts` gauge, read from the store at most once per `ttlMs`
 * however often Prometheus scrapes (each read lists and loads every rollout document).
 */
export function createRolloutPhases(store: StateStore, ttlMs = 15_000, now: () => number = Date.now) {
  let cached: { at: number; phases: Promise<Record<string, number>> } | undefined;
  const read = async (): Promise<Record<string, number>> => {
    const phases: Record<string, number> = {};
    for (const key of await store.list(STATE_PREFIX)) {
      const phase = ((await store.get(key))?.value as RolloutDoc | undefined)?.state?.phase;
      if (phase) phases[phase] = (phases[phase] ?? 0) + 1;
    }
    return phases;
  };
  return (): Promise<Record<string, number>> => {
    if (!cached || now() - cached.at >= ttlMs) {
      const phases = read();
      cached = { at: now(), phases };
      // A failed read is not kept: the next scrape tries again.
      phases.catch(() => {
        if (cached?.phases === phases) cached = undefined;
      });
    }
    return cached.phases;
  };
}
