import { ConflictError, type StateStore } from '../ports/state-store.ts';
import { boundCharts, type SoakCharts } from '../rollout/soak-charts.ts';
import { chartsKey } from './keys.ts';
import type { Logger } from './logger.ts';

/**
 * Stores a soak evaluation's charts for the rollout page under `charts/<rollout key>/<wave>`,
 * replacing the wave's previous ones, cut to fit a store item. Charts are for people to look at: a
 * write that fails is logged and let go, never holding the rollout back (the next evaluation
 * writes again).
 */
export async function keepCharts(
  store: StateStore,
  key: string,
  charts: SoakCharts,
  log: Logger,
): Promise<void> {
  const name = chartsKey(key, charts.wave);
  const value = boundCharts(charts);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const version = (await store.get(name))?.version ?? 0;
      await store.put(name, value, version);
      return;
    } catch (error) {
      // A concurrent write (another replica's evaluation of the same wave) is read again once.
      if (error instanceof ConflictError && attempt === 0) continue;
      log.warn({ wave: charts.wave, err: (error as Error).message }, 'soak charts not stored');
      return;
    }
  }
}
