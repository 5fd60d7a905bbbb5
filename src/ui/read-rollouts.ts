import { chartsKey, parseRolloutKey, type RolloutId, STATE_PREFIX, stateKey } from '../engine/keys.ts';
import { type RolloutDoc, readTrail } from '../engine/rollout-doc.ts';
import type { AuditRecord, StateStore } from '../ports/state-store.ts';
import type { RolloutState } from '../rollout/model.ts';
import type { SoakCharts } from '../rollout/soak-charts.ts';
import { mapBounded } from '../util/map-bounded.ts';

export interface RolloutView {
  key: string;
  id: RolloutId;
  state: RolloutState;
  /** The stored soak charts per wave index, only those of the wave's current attempt. */
  charts: Map<number, SoakCharts>;
  /** The latest lines of the audit trail, oldest first. */
  recent: AuditRecord[];
}

/** Waves whose charts the page draws: open while soaking or failed, folded away once passed. */
export const CHARTED = new Set(['soaking', 'failed', 'rolling-back', 'rolled-back', 'passed']);

/** Every rollout document in the store (at most `limit`, newest keys last), read a few at a time. */
export async function readRollouts(
  store: StateStore,
  limit: number,
): Promise<{ rollouts: { key: string; id: RolloutId; state: RolloutState }[]; total: number }> {
  const keys = (await store.list(STATE_PREFIX)).map((k) => k.slice(STATE_PREFIX.length));
  const docs = await mapBounded(keys.slice(0, limit), 8, async (key) => {
    const id = parseRolloutKey(key);
    const doc = id && ((await store.get(stateKey(key)))?.value as RolloutDoc | undefined);
    return id && doc?.state ? { key, id, state: doc.state } : undefined;
  });
  return { rollouts: docs.filter((d) => d !== undefined), total: keys.length };
}

/** One rollout with its charts and latest events; undefined when the store has no such rollout. */
export async function readRollout(store: StateStore, key: string): Promise<RolloutView | undefined> {
  const id = parseRolloutKey(key);
  if (!id) return undefined;
  const doc = (await store.get(stateKey(key)))?.value as RolloutDoc | undefined;
  if (!doc?.state) return undefined;
  const waves = doc.state.waves.filter((w) => w.mergedAt && CHARTED.has(w.phase));
  const [found, trail] = await Promise.all([
    mapBounded(waves, 4, async (w) => {
      const record = (await store.get(chartsKey(key, w.index)))?.value as SoakCharts | undefined;
      // A record of an earlier attempt (same wave index, another merge) is not this wave's. Times
      // are compared as instants: the forge's merge time and the judge's ISO text may differ in form.
      return record?.v === 1 && Date.parse(record.mergedAt) === Date.parse(w.mergedAt!) ? record : undefined;
    }),
    readTrail(store, key),
  ]);
  const charts = new Map<number, SoakCharts>();
  waves.forEach((w, i) => {
    if (found[i]) charts.set(w.index, found[i]);
  });
  return { key, id, state: doc.state, charts, recent: trail.slice(-10) };
}
