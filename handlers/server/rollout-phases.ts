import { STATE_PREFIX } from '../../src/engine/keys.ts';
import type { RolloutDoc } from '../../src/engine/rollout-doc.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { rememberSuccess } from '../../src/util/remember-success.ts';

/**
 * Rollouts per phase for the `guard_rollouts` gauge, read from the store at most once per `ttlMs`
 * however often Prometheus scrapes (each read lists and loads every rollout document).
 */
export function createRolloutPhases(store: StateStore, ttlMs = 15_000, now: () => number = Date.now) {
  // A failed read is not kept: the next scrape tries again.
  const read = rememberSuccess(
    async () => {
      const at = now();
      const phases: Record<string, number> = {};
      for (const key of await store.list(STATE_PREFIX)) {
        const phase = ((await store.get(key))?.value as RolloutDoc | undefined)?.state?.phase;
        if (phase) phases[phase] = (phases[phase] ?? 0) + 1;
      }
      return { at, phases };
    },
    { fresh: ({ at }) => now() - at < ttlMs },
  );
  return async (): Promise<Record<string, number>> => (await read()).phases;
}
