import { describe, expect, it } from 'vitest';
import { keepCharts } from '../../../src/engine/keep-charts.ts';
import type { Logger } from '../../../src/engine/logger.ts';
import { ConflictError } from '../../../src/ports/state-store.ts';
import type { SoakCharts } from '../../../src/rollout/soak-charts.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import { chartOf } from '../ui/seeded-rollouts.ts';

const KEY = 'github:acme/fleet:istio';
const FROM = Date.parse('2025-06-03T10:00:00Z');

function record(clusters: number, wave = 2): SoakCharts {
  const names = Array.from({ length: clusters }, (_, i) => `c-${i}`);
  return {
    v: 1,
    wave,
    mergedAt: new Date(FROM).toISOString(),
    soakSince: new Date(FROM).toISOString(),
    baselineFrom: new Date(FROM - 3_600_000).toISOString(),
    evaluatedAt: new Date(FROM + 7_200_000).toISOString(),
    intervalMs: 60_000,
    clusters: names.map((cluster) => ({ cluster, verdict: 'pass' as const, reasons: [] })),
    charts: names.map((c, i) =>
      chartOf(c, { metric: 'latency', kind: 'latency', level: 100, noise: 0.1 }, FROM, FROM + 7_200_000, i),
    ),
  };
}

function logger() {
  const warnings: object[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (fields) => warnings.push(fields),
    error: () => {},
    child: () => log,
  };
  return { log, warnings };
}

describe('keepCharts', () => {
  it('stores the wave’s charts under charts/<rollout key>/<wave>, replacing the previous ones', async () => {
    const store = createMemoryStore();
    const { log } = logger();

    await keepCharts(store, KEY, record(2), log);
    await keepCharts(store, KEY, record(3), log);

    const stored = await store.get(`charts/${KEY}/2`);
    expect(stored?.version).toBe(2);
    expect((stored!.value as SoakCharts).charts).toHaveLength(3);
  });

  it('cuts a huge wave to fit a store item and says how much it left out', async () => {
    const store = createMemoryStore();

    await keepCharts(store, KEY, record(200), logger().log);

    const stored = (await store.get(`charts/${KEY}/2`))!.value as SoakCharts;
    expect(JSON.stringify(stored).length).toBeLessThanOrEqual(300_000);
    expect(stored.omitted!.charts + stored.charts.length).toBe(200);
  });

  it('reads again once after a concurrent write, and lets a failing store go with a warning', async () => {
    const store = createMemoryStore();
    const put = store.put;
    let conflicts = 1;
    store.put = async (key, value, expected) => {
      if (conflicts-- > 0) throw new ConflictError(key, expected, expected + 1);
      return put(key, value, expected);
    };
    const first = logger();

    await keepCharts(store, KEY, record(1), first.log);

    expect(first.warnings).toEqual([]);
    expect(await store.get(`charts/${KEY}/2`)).toBeDefined();
    store.put = async () => {
      throw new Error('throttled');
    };
    const second = logger();
    await expect(keepCharts(store, KEY, record(1), second.log)).resolves.toBeUndefined();
    expect(second.warnings).toEqual([{ wave: 2, err: 'throttled' }]);
  });
});
