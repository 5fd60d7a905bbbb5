import { rolloutEnded } from '../rollout/decide-draft.ts';
import type { RolloutState } from '../rollout/model.ts';
import type { SoakCharts } from '../rollout/soak-charts.ts';

const MIN_SEC = 15;
const RUNNING_SEC = 60;
const ENDED_SEC = 300;

/**
 * How often the page reloads itself: at the soak interval while a wave soaks (the charts change
 * then and not before), every minute while the rollout runs otherwise, every five minutes once it
 * is over (a new attempt may still start).
 */
export function refreshSeconds(state: RolloutState, charts: readonly SoakCharts[]): number {
  if (rolloutEnded(state)) return ENDED_SEC;
  const soaking = new Set(state.waves.filter((w) => w.phase === 'soaking').map((w) => w.index));
  const intervals = charts
    .filter((c) => soaking.has(c.wave) && c.intervalMs > 0)
    .map((c) => c.intervalMs / 1000);
  if (intervals.length === 0) return RUNNING_SEC;
  return Math.max(MIN_SEC, Math.min(ENDED_SEC, ...intervals));
}

/** The list refreshes every minute: it shows phases, not charts. */
export const INDEX_REFRESH_SEC = RUNNING_SEC;
