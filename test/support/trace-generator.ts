// Synthetic soak traces for the replay tests, the verdict benchmark and the demo: test data, not shipped.
import type { ReplayCase, ReplayMetric } from '../../src/verdicts/replay-case.ts';

/** Trace classes: noise only (must never roll back) and regressions (must be caught). */
export const NOISE_CLASSES = ['stationary', 'diurnal', 'low-traffic', 'spiky', 'gaps', 'no-data'] as const;
export const REGRESSION_CLASSES = [
  'error-ratio-1.5x',
  'error-ratio-2x',
  'error-ratio-5x',
  'latency+10%',
  'latency+20%',
  'latency+50%',
  'slow-drift',
  'count-storm-10x',
  'restart-storm',
] as const;
export type TraceClass = (typeof NOISE_CLASSES)[number] | (typeof REGRESSION_CLASSES)[number];

/** A generated replay case and what was put into it. */
export interface Trace {
  traceClass: TraceClass;
  case: ReplayCase;
  /** Epoch seconds of the regression's first point; null for noise. */
  onsetSec: number | null;
}

const STEP = 60;
const MERGE_SEC = Date.parse('2024-05-06T10:00:00Z') / 1000;
const BASELINE_POINTS = 60;
const SOAK_POINTS = 120;

/**
 * A deterministic trace of one cluster for `traceClass`: an hour before the merge and two hours
 * after (room for a soak extension) of four metrics at one point per minute — error ratio with
 * request volume, p95 latency, request rate and an error count. Every class carries all four,
 * noisy; a regression class changes one of them from a random onset in the first half of the
 * soak. Half the traces soak 30 minutes (a 30-point baseline, too short for a rank test on two
 * points), half an hour (60 points). The error count runs at 0.5–5 a minute in half the traces
 * and almost never (0 or 0.02 a minute) in the others, following traffic over the day;
 * `count-storm-10x` multiplies a 0.5–5 a minute count by ten, `restart-storm` goes from almost
 * nothing to 1.5 a minute (crash-looping pods).
 */
export function generateTrace(traceClass: TraceClass, seed: number): Trace {
  const rng = createRng(seed);
  const low = traceClass === 'low-traffic';
  const rpm = low ? logUniform(rng, 5, 40) : logUniform(rng, 5000, 50_000);
  const errorRatio = logUniform(rng, 0.005, 0.03);
  const latency = 50 + rng() * 350;
  const countRate = countRateOf(traceClass, rng);
  const amplitude = traceClass === 'diurnal' ? 0.35 : 0.05;
  const phase = rng() * 86_400;
  const soakMinutes = rng() < 0.5 ? 30 : 60;
  const isRegression = (REGRESSION_CLASSES as readonly string[]).includes(traceClass);
  const onsetSec = isRegression ? MERGE_SEC + (1 + Math.floor(rng() * (soakMinutes / 2))) * STEP : null;
  const effect = regressionEffect(traceClass, onsetSec);
  const series: Record<'ratio' | 'volume' | 'latency' | 'rate' | 'count', [number, number][]> = {
    ratio: [],
    volume: [],
    latency: [],
    rate: [],
    count: [],
  };
  const outages = traceClass === 'gaps' ? [outage(rng), outage(rng)] : [];
  let spike = 0;
  for (let i = -BASELINE_POINTS; i < SOAK_POINTS; i++) {
    const t = MERGE_SEC + i * STEP;
    if (missing(traceClass, rng, i, outages)) continue;
    const day = 1 + amplitude * Math.sin((2 * Math.PI * (t - phase)) / 86_400);
    spike = spike > 0 ? spike - 1 : traceClass === 'spiky' && rng() < 0.03 ? 1 + Math.floor(rng() * 2) : 0;
    const spikeFactor = spike > 0 ? 1.5 + rng() * 1.5 : 1;
    const e = effect(t);
    const volume = poisson(rng, rpm * day * Math.exp(0.05 * gaussian(rng)));
    const p = Math.min(1, errorRatio * e.ratio * spikeFactor * Math.exp(0.1 * gaussian(rng)));
    const errors = poisson(rng, volume * p);
    if (volume > 0) series.ratio.push([t, errors / volume]);
    series.volume.push([t, volume]);
    const latencyNoise = low ? 0.25 : 0.03;
    const dayLatency = 1 + (amplitude / 5) * Math.sin((2 * Math.PI * (t - phase)) / 86_400);
    series.latency.push([
      t,
      latency * dayLatency * e.latency * spikeFactor * Math.exp(latencyNoise * gaussian(rng)),
    ]);
    series.rate.push([t, volume / STEP]);
    const count = countRate * day * e.countFactor + e.restarts;
    series.count.push([t, poisson(rng, count + (spike > 0 && rng() < 0.3 ? 1 : 0))]);
  }
  return { traceClass, onsetSec, case: toCase(series, soakMinutes) };
}

/** Errors a minute: a few for half the traces, almost none for the rest (and before a restart storm). */
function countRateOf(traceClass: TraceClass, rng: () => number): number {
  const quiet = rng() < 0.7 ? 0 : 0.02;
  const busy = logUniform(rng, 0.5, 5);
  if (traceClass === 'restart-storm') return quiet;
  if (traceClass === 'count-storm-10x') return busy;
  return rng() < 0.5 ? quiet : busy;
}

function regressionEffect(traceClass: TraceClass, onsetSec: number | null) {
  return (t: number) => {
    const after = onsetSec !== null && t >= onsetSec;
    const minutes = onsetSec === null ? 0 : (t - onsetSec) / 60;
    const e = { ratio: 1, latency: 1, restarts: 0, countFactor: 1 };
    if (!after) return e;
    if (traceClass === 'error-ratio-1.5x') e.ratio = 1.5;
    if (traceClass === 'error-ratio-2x') e.ratio = 2;
    if (traceClass === 'error-ratio-5x') e.ratio = 5;
    if (traceClass === 'latency+10%') e.latency = 1.1;
    if (traceClass === 'latency+20%') e.latency = 1.2;
    if (traceClass === 'latency+50%') e.latency = 1.5;
    // Slow drift: p95 latency creeping up 1% a minute, +60% after an hour.
    if (traceClass === 'slow-drift') e.latency = 1 + 0.01 * minutes;
    if (traceClass === 'restart-storm') e.restarts = 1.5;
    if (traceClass === 'count-storm-10x') e.countFactor = 10;
    return e;
  };
}

/** gaps: 10% of points lost plus two outages of 3–10 minutes; no-data: nothing after the merge. */
function missing(traceClass: TraceClass, rng: () => number, i: number, outages: [number, number][]): boolean {
  if (traceClass === 'no-data') return i >= 0;
  if (traceClass !== 'gaps') return false;
  return outages.some(([from, to]) => i >= from && i < to) || rng() < 0.1;
}

/** An outage of 3–10 points somewhere in the first 90 minutes of the soak. */
function outage(rng: () => number): [number, number] {
  const from = Math.floor(rng() * 90);
  return [from, from + 3 + Math.floor(rng() * 8)];
}

function toCase(
  s: Record<'ratio' | 'volume' | 'latency' | 'rate' | 'count', [number, number][]>,
  soakMinutes: number,
): ReplayCase {
  const cluster = 'cluster-1';
  const metric = (name: string, kind: ReplayMetric['kind'], points: [number, number][]): ReplayMetric => ({
    name,
    kind,
    series: { [cluster]: points },
  });
  return {
    soak: { duration: soakMinutes === 60 ? '1h' : `${soakMinutes}m`, interval: '1m', failAfter: 3 },
    mergeAt: new Date(MERGE_SEC * 1000).toISOString(),
    metrics: [
      { ...metric('error-ratio', 'ratio', s.ratio), volume: { [cluster]: s.volume } },
      metric('p95-latency', 'latency', s.latency),
      metric('requests', 'rate', s.rate),
      metric('error-count', 'count', s.count),
    ],
  };
}

/** mulberry32: small, fast and good enough for test data; the same seed gives the same trace. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function logUniform(rng: () => number, lo: number, hi: number): number {
  return lo * (hi / lo) ** rng();
}

/** Knuth's method for small means, a rounded normal beyond (the difference is immaterial there). */
function poisson(rng: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}
