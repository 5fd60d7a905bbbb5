import { type BaselineSummary, baselineStatistic } from './baseline-summary.ts';
import { countTestGreater } from './count-test.ts';
import type { MetricSpec } from './metric-spec.ts';
import { type SuffixWindows, windowStatistic } from './suffix-windows.ts';
import {
  beyondBound,
  boundsText,
  dispersionOf,
  formatP,
  halfShare,
  quantile,
  runMargin,
  type Side,
  type WindowResult,
} from './window-test.ts';

/**
 * How far beyond the baseline's 90th (10th) percentile every point must lie, in the baseline's own
 * robust standard deviations. Under normal noise that band sits 2.28σ out, where the maximum of a
 * 60-point baseline sits too: the rank test's demand on a 2-point window, made independent of how
 * many baseline points there are.
 */
export const BAND_SIGMAS = 1;
/** A count's newest points without the worst one must still be this unlikely under the baseline rate. */
export const LEAVE_ONE_OUT_ALPHA = 0.05;
/** Intervals the test looks back: every one of two points for a band; most of three for a count. */
const BAND_POINTS = 2;
const COUNT_POINTS = 3;

export interface PointInput {
  spec: MetricSpec;
  base: BaselineSummary;
  /** The soak's points up to now, as windows ending at the newest. */
  windows: SuffixWindows;
  nowSec: number;
  intervalSec: number;
  alpha: number;
  /** The control group's drift over the newest window. */
  shift?: number;
}

/**
 * The per-evaluation test, on the newest points alone. A rank test cannot call two points
 * significant against fewer than 44 baseline points, so a step used to wait for longer windows;
 * here the points are the evidence:
 * - latency, gauge, rate (and ratios without volume): both of the last two points beyond the
 *   baseline's noise band (its 90th percentile plus BAND_SIGMAS robust σ, scaled by the control
 *   drift), the less-bad one beyond most of the configured bound, their statistic beyond all of it.
 *   A spike of up to three points fails at most two evaluations in a row.
 * - counts: the last three points' events significant against the baseline rate at `alpha` (the
 *   count test, quasi-Poisson), still at LEAVE_ONE_OUT_ALPHA without the largest point, and most
 *   points raised: one low minute of a storm (Poisson) is forgiven, one burst is not a storm. A
 *   burst of up to two points fails at most two evaluations in a row.
 * The bound the user set always applies: this adds evidence per evaluation, not a lower bar.
 * Returns the failure, or undefined: the points pass, or the test does not apply (too few points;
 * ratios with volume, see below). A pass says nothing the windows do not, so none is written out
 * (the shortest window's test runs for 5,000 series a tick).
 */
export function pointTest(input: PointInput): WindowResult | undefined {
  const { spec } = input;
  // Ratios with volume: each window's count test already weighs its own errors; forgiving a low
  // point there let two spikes one minute apart fail three evaluations in a row.
  if (spec.kind === 'ratio' && input.windows.series.volumes) return undefined;
  if (spec.direction === 'either') return sideTest(input, 'increase') ?? sideTest(input, 'decrease');
  return sideTest(input, spec.direction);
}

function sideTest(input: PointInput, side: Side): WindowResult | undefined {
  return input.spec.kind === 'count' && side === 'increase' ? countPoints(input) : bandPoints(input, side);
}

function bandPoints(input: PointInput, side: Side): WindowResult | undefined {
  const { spec, base } = input;
  const from = input.nowSec - BAND_POINTS * input.intervalSec;
  // The newest points read in place: the series from `at` on.
  const { values } = input.windows.series;
  const at = input.windows.start(from);
  const points = values.length - at;
  const v = base.values;
  if (v.length < 2 || points < 2) return undefined;
  const shift = side === 'increase' ? Math.max(1, input.shift ?? 1) : Math.min(1, input.shift ?? 1);
  const bound = baselineStatistic(spec, base) * shift;
  // Without volume (a ratio with volume never comes here), as `statistic` of the values alone.
  const c = windowStatistic(spec, input.windows, from);
  const q90 = quantile(v, 0.9);
  const q10 = quantile(v, 0.1);
  const sigma = (q90 - q10) / 2.563;
  const band = (side === 'increase' ? q90 + BAND_SIGMAS * sigma : q10 - BAND_SIGMAS * sigma) * shift;
  let lesser = side === 'increase' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let outside = true;
  for (let i = at; i < values.length; i++) {
    const x = values[i]!;
    lesser = side === 'increase' ? Math.min(lesser, x) : Math.max(lesser, x);
    if (side === 'increase' ? !(x > band) : !(x < band)) outside = false;
  }
  const fails =
    outside && beyondBound(spec, side, bound, c) && beyondBound(spec, side, bound, lesser, halfShare(1));
  if (!fails) return undefined;
  const how = side === 'increase' ? 'above' : 'below';
  return {
    verdict: 'fail',
    points,
    baseline: bound,
    current: c,
    changePercent: bound > 0 ? ((c - bound) / bound) * 100 : null,
    p: null,
    test: 'points',
    reason: `every point of the last ${points} ${how} the baseline's noise band (${round(band)}) and beyond ${boundsText(spec, side)}`,
  };
}

/** Counts: the newest three points' events against the baseline rate. */
function countPoints(input: PointInput): WindowResult | undefined {
  const { spec, base, alpha } = input;
  const values = input.windows.after(input.nowSec - COUNT_POINTS * input.intervalSec).values;
  if (values.length < 2) return undefined;
  const shift = Math.max(1, input.shift ?? 1);
  const bound = base.mean * shift;
  const events = values.reduce((a, x) => a + x, 0);
  const c = events / values.length;
  if (!beyondBound(spec, 'increase', bound, c)) return undefined;
  // Most points raised, not one burst; of three, one low minute (Poisson) is forgiven.
  const majority = [...values].sort((a, b) => b - a)[Math.floor(values.length / 2)]!;
  if (!beyondBound(spec, 'increase', bound, majority, halfShare(1))) return undefined;
  // Three points outlast the burst that failed the shortest window: tested as longer windows are.
  const tested = shift * runMargin(spec);
  const p = countAgainst(base, events, values.length, tested);
  if (!(p <= alpha)) return undefined;
  const pLeaveOut = countAgainst(base, events - Math.max(...values), values.length - 1, tested);
  if (!(pLeaveOut <= LEAVE_ONE_OUT_ALPHA)) return undefined;
  return {
    verdict: 'fail',
    points: values.length,
    baseline: bound,
    current: c,
    changePercent: bound > 0 ? ((c - bound) / bound) * 100 : null,
    p,
    test: 'points',
    reason: `${Math.round(events)} events in the last ${values.length} points, most of them beyond ${boundsText(spec, 'increase')} (count p=${formatP(p)}; without the largest point p=${formatP(pLeaveOut)})`,
  };
}

/** `now` events over `points` points against the baseline rate. */
function countAgainst(base: BaselineSummary, now: number, points: number, shift: number): number {
  return countTestGreater({
    current: now,
    baseline: base.mean * base.n,
    exposureCurrent: points,
    exposureBaseline: base.n,
    shift,
    ...dispersionOf(base),
  });
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
