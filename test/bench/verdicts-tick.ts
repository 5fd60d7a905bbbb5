// One soak tick over a large wave with a fake Metrics whose answers are built beforehand, so the
// figure is the judge's own cost: statistics, windows, evidence and the report.
import type { Metrics, Point } from '../../src/ports/metrics.ts';
import type { SoakMetric } from '../../src/ports/service-provider.ts';
import { createSoakJudge } from '../../src/verdicts/soak-judge.ts';
import { APPLIED, MERGED, soakInput, wobble } from '../src/verdicts/soak-world.ts';

const CLUSTERS = 1000;
const METRICS: SoakMetric[] = [
  { name: 'error-ratio', kind: 'ratio', query: 'errors' },
  { name: 'p95-latency', kind: 'latency', query: 'p95' },
  { name: 'p99-latency', kind: 'latency', query: 'p99' },
  { name: 'requests', kind: 'rate', query: 'rps' },
  { name: 'restarts', kind: 'count', query: 'restarts' },
];

function prebuilt(names: string[], fromSec: number, points: number): Map<string, Map<string, Point[]>> {
  const byQuery = new Map<string, Map<string, Point[]>>();
  for (const m of METRICS) {
    const byCluster = new Map<string, Point[]>();
    for (const c of names)
      byCluster.set(
        c,
        Array.from({ length: points }, (_, i) => {
          const t = fromSec + i * 60;
          return [
            t,
            m.kind === 'count' ? (wobble(c, t) > 0.9 ? 1 : 0) : 100 * (1 + 0.03 * wobble(c, t)),
          ] as Point;
        }),
      );
    byQuery.set(m.query, byCluster);
  }
  return byQuery;
}

export async function benchSoakTick(): Promise<void> {
  const wave = Array.from({ length: CLUSTERS }, (_, i) => `cluster-${i}`);
  const now = new Date(APPLIED.getTime() + 61 * 60_000);
  const baselineAnswers = prebuilt(wave, MERGED.getTime() / 1000 - 3600, 60 + 66);
  const soakAnswers = prebuilt(wave, APPLIED.getTime() / 1000, 60);
  let answers = baselineAnswers;
  let queries = 0;
  const metrics: Metrics = {
    series: async (q) => {
      queries++;
      return answers.get(q.query)!;
    },
    alerts: async () => new Map(),
    mark: async () => {},
    explorerUrl: () => undefined,
  };
  const judge = createSoakJudge({ metrics });
  const input = soakInput({ wave, now, metrics: METRICS });
  const first = await judge.soak(input);
  const times: number[] = [];
  answers = soakAnswers;
  let perTick = 0;
  for (let i = 0; i < 5; i++) {
    queries = 0;
    const start = performance.now();
    await judge.soak({ ...input, baseline: first.baseline });
    times.push(performance.now() - start);
    perTick = queries;
  }
  answers = baselineAnswers;
  const coldStart = performance.now();
  await judge.soak(input);
  const cold = performance.now() - coldStart;
  const stored = JSON.stringify(first.baseline).length;
  console.log(
    `\nsoak tick, ${CLUSTERS} clusters × ${METRICS.length} metrics × 60 soak points: ` +
      `${Math.min(...times).toFixed(0)} ms best of 5 (${times.map((t) => t.toFixed(0)).join(' / ')}), ` +
      `${perTick} metric queries per tick; first tick with baseline capture (126 points): ${cold.toFixed(0)} ms; ` +
      `stored baseline ${(stored / 1024).toFixed(0)} KiB`,
  );
}
