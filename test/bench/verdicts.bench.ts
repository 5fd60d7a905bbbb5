// Verdict quality and speed of the soak judge. Figures only, never assertions: each class prints
// its target beside what it got (issue 13: 0 false rollbacks on every no-regression class; a ≥ 2×
// error ratio, ≥ +20% latency or ≥ 10× count storm caught within failAfter + 1 evaluations of its
// onset; no-data inconclusive; issue 12: one 1,000-cluster tick < 120 ms). `BENCH_TRACES` and `BENCH_SEED`
// change the trace set, to check that figures were not fitted to one. `BENCH_ONLY=tick` runs only
// the 1,000-cluster tick (`BENCH_ONLY=quality` only the verdict quality); both run by default.
import { replaySoak } from '../../src/verdicts/replay-soak.ts';
import {
  generateTrace,
  NOISE_CLASSES,
  REGRESSION_CLASSES,
  type TraceClass,
} from '../support/trace-generator.ts';
import { benchSoakTick } from './verdicts-tick.ts';

const ONLY = process.env.BENCH_ONLY;
const TRACES = Number(process.env.BENCH_TRACES ?? 200);
// Trace i of a class uses seed i × BENCH_SEED + the class name's length.
const SEED = Number(process.env.BENCH_SEED ?? 7919);
const INTERVAL_SEC = 60;
const FAIL_AFTER = 3;

/** What each class must show; classes without a detection target are caught eventually. */
const TARGETS: Partial<Record<TraceClass, string>> = {
  'error-ratio-2x': `≤ ${FAIL_AFTER + 1} evals`,
  'error-ratio-5x': `≤ ${FAIL_AFTER + 1} evals`,
  'latency+20%': `≤ ${FAIL_AFTER + 1} evals`,
  'latency+50%': `≤ ${FAIL_AFTER + 1} evals`,
  'count-storm-10x': `≤ ${FAIL_AFTER + 1} evals`,
};

interface ClassFigures {
  fail: number;
  early: number;
  detected: number;
  inconclusive: number;
  delays: number[];
  /** Count storms: delays (Infinity when missed) by whether the baseline had ≥ 1 event a minute. */
  byRate: { busy: number[]; sparse: number[] };
}

function runClass(traceClass: TraceClass): ClassFigures {
  const f: ClassFigures = {
    fail: 0,
    early: 0,
    detected: 0,
    inconclusive: 0,
    delays: [],
    byRate: { busy: [], sparse: [] },
  };
  for (let seed = 1; seed <= TRACES; seed++) {
    const trace = generateTrace(traceClass, seed * SEED + traceClass.length);
    const result = replaySoak(trace.case);
    const cluster = Object.values(result.clusters)[0]!;
    const rate = traceClass === 'count-storm-10x' ? baselineRate(trace) : undefined;
    const byRate = rate === undefined ? [] : rate >= 1 ? f.byRate.busy : f.byRate.sparse;
    if (cluster.verdict === 'inconclusive') f.inconclusive++;
    if (cluster.verdict !== 'fail') {
      byRate.push(Number.POSITIVE_INFINITY);
      continue;
    }
    f.fail++;
    const failedSec = Date.parse(cluster.failedAt!) / 1000;
    if (trace.onsetSec === null || failedSec < trace.onsetSec) {
      f.early++;
      byRate.push(Number.POSITIVE_INFINITY);
      continue;
    }
    f.detected++;
    // The evaluation at the onset (its newest point is the first bad one) counts as the first.
    const delay = Math.round((failedSec - trace.onsetSec) / INTERVAL_SEC) + 1;
    f.delays.push(delay);
    byRate.push(delay);
  }
  return f;
}

/** Events a minute in the error count's baseline (the hour before the merge). */
function baselineRate(trace: ReturnType<typeof generateTrace>): number {
  const mergeSec = Date.parse(trace.case.mergeAt) / 1000;
  const points = trace.case.metrics.find((m) => m.name === 'error-count')!.series['cluster-1']!;
  const before = points.filter(([t]) => t < mergeSec).map(([, v]) => v);
  return before.reduce((a, v) => a + v, 0) / Math.max(1, before.length);
}

/** "412/412 within 4, max 4" for a list of delays. */
function withinText(list: number[]): string {
  const within = list.filter((d) => d <= FAIL_AFTER + 1).length;
  return `${within}/${list.length} within ${FAIL_AFTER + 1}, max ${list.length ? Math.max(...list) : '—'}`;
}

function pct(n: number): string {
  return `${((100 * n) / TRACES).toFixed(1)}%`.padStart(6);
}

function delays(list: number[]): { median: string; max: string; within: string } {
  if (list.length === 0) return { median: '—', max: '—', within: '—' };
  const sorted = [...list].sort((a, b) => a - b);
  const within = sorted.filter((d) => d <= FAIL_AFTER + 1).length;
  return {
    median: String(sorted[Math.floor(sorted.length / 2)]),
    max: String(sorted.at(-1)),
    within: pct(within),
  };
}

if (ONLY !== 'tick') qualityTable();
if (ONLY !== 'quality') await benchSoakTick();

function qualityTable(): void {
  console.log(
    `verdict quality: ${TRACES} traces per class (BENCH_SEED ${SEED}), soaks of 30m (30-point baseline) and 1h (60) every 1m, failAfter ${FAIL_AFTER}, default thresholds`,
  );
  console.log(
    'class              false rollbacks  before-onset  detected  inconclusive  median  max  within 4   target',
  );
  for (const traceClass of [...NOISE_CLASSES, ...REGRESSION_CLASSES]) {
    const f = runClass(traceClass);
    const isNoise = (NOISE_CLASSES as readonly string[]).includes(traceClass);
    const d = delays(f.delays);
    const target = isNoise
      ? traceClass === 'no-data'
        ? '0 rollbacks, inconclusive'
        : '0 rollbacks'
      : (TARGETS[traceClass] ?? 'caught');
    console.log(
      [
        traceClass.padEnd(18),
        (isNoise ? String(f.fail) : '—').padStart(8),
        String(f.early).padStart(14),
        (isNoise ? '—' : pct(f.detected)).padStart(10),
        pct(f.inconclusive).padStart(13),
        (isNoise ? '—' : d.median).padStart(7),
        (isNoise ? '—' : d.max).padStart(4),
        (isNoise ? '—' : d.within).padStart(9),
        `   ${target}`,
      ].join(' '),
    );
    if (traceClass === 'count-storm-10x')
      console.log(
        `  count storms by baseline rate: ≥ 1 error a minute ${withinText(f.byRate.busy)}; below ${withinText(f.byRate.sparse)} (two storm minutes there can hold as few events as Poisson noise does)`,
      );
  }
}
