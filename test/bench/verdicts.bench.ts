// Verdict quality and speed of the soak judge. Figures only, never assertions: the targets (0
// rollbacks on noise, every ≥ 2× error ratio and ≥ +20% p95 step caught within failAfter + 1
// evaluations, no-data traces inconclusive, one 1,000-cluster tick < 250 ms) are read off the output.
import { replaySoak } from '../../src/verdicts/replay-soak.ts';
import {
  generateTrace,
  NOISE_CLASSES,
  REGRESSION_CLASSES,
  type TraceClass,
} from '../support/trace-generator.ts';
import { benchSoakTick } from './verdicts-tick.ts';

const TRACES = Number(process.env.BENCH_TRACES ?? 200);
// Trace i of a class uses seed i × BENCH_SEED + the class name's length: another BENCH_SEED gives
// another set of traces, to check that figures were not fitted to one set.
const SEED = Number(process.env.BENCH_SEED ?? 7919);
const INTERVAL_SEC = 60;

interface ClassFigures {
  fail: number;
  early: number;
  detected: number;
  inconclusive: number;
  delays: number[];
}

function runClass(traceClass: TraceClass): ClassFigures {
  const f: ClassFigures = { fail: 0, early: 0, detected: 0, inconclusive: 0, delays: [] };
  for (let seed = 1; seed <= TRACES; seed++) {
    const trace = generateTrace(traceClass, seed * SEED + traceClass.length);
    const result = replaySoak(trace.case);
    const cluster = Object.values(result.clusters)[0]!;
    if (cluster.verdict === 'inconclusive') f.inconclusive++;
    if (cluster.verdict !== 'fail') continue;
    f.fail++;
    const failedSec = Date.parse(cluster.failedAt!) / 1000;
    if (trace.onsetSec === null || failedSec < trace.onsetSec) {
      f.early++;
      continue;
    }
    f.detected++;
    f.delays.push(Math.round((failedSec - trace.onsetSec) / INTERVAL_SEC) + 1);
  }
  return f;
}

function pct(n: number): string {
  return `${((100 * n) / TRACES).toFixed(1)}%`.padStart(6);
}

function delays(list: number[]): string {
  if (list.length === 0) return '—';
  const sorted = [...list].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`;
}

console.log(
  `verdict quality: ${TRACES} traces per class (BENCH_SEED ${SEED}), soak 1h every 1m, failAfter 3, default thresholds`,
);
console.log(
  'class               rollbacks  before-onset  detected  inconclusive  evaluations onset→detection',
);
for (const traceClass of [...NOISE_CLASSES, ...REGRESSION_CLASSES]) {
  const f = runClass(traceClass);
  const isNoise = (NOISE_CLASSES as readonly string[]).includes(traceClass);
  console.log(
    `${traceClass.padEnd(18)} ${pct(f.fail)}     ${String(f.early).padStart(4)}        ${isNoise ? '     —' : pct(f.detected)}   ${pct(f.inconclusive)}       ${isNoise ? '—' : delays(f.delays)}`,
  );
}
await benchSoakTick();
