import {
  type BaselineSummary,
  baselineStatistic,
  median,
  rankedOf,
  statistic,
  sum,
} from './baseline-summary.ts';
import { countTestGreater } from './count-test.ts';
import { mannWhitney } from './mann-whitney.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import { type SuffixWindows, windowStatistic, windowVolume } from './suffix-windows.ts';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

/** One current window compared with the baseline. */
export interface WindowResult {
  verdict: Verdict;
  points: number;
  baseline: number;
  current: number;
  /** Percent change of the current statistic over the (drift-adjusted) baseline; null from zero. */
  changePercent: number | null;
  /** The test's one-sided p-value; null when the change was within bounds and no test was needed. */
  p: number | null;
  test: 'mann-whitney' | 'count' | 'points' | 'none';
  reason: string;
}

export type Side = 'increase' | 'decrease';

export interface WindowInput {
  spec: MetricSpec;
  base: BaselineSummary;
  /** The soak series' windows, and the exclusive start of the one tested. */
  windows: SuffixWindows;
  from: number;
  alpha: number;
  shift?: number;
}

/**
 * A window fails when its statistic is worse than the baseline by more than the allowed percent
 * and by at least `minDelta`, and the kind's test agrees at `alpha`. `shift` is the control group's
 * drift (current/baseline of not-yet-upgraded clusters); it only ever loosens the bound, so a
 * fleet-wide change (traffic falling at night, an outage elsewhere) is not blamed on the upgrade.
 */
export function testWindow(input: WindowInput): WindowResult {
  const { spec, base, windows, from } = input;
  // Counted and summed in place: only a window that gets as far as a test is sliced.
  const points = windows.series.values.length - windows.start(from);
  const b = baselineStatistic(spec, base);
  const c = windowStatistic(spec, windows, from);
  if (points === 0) return windowResult('inconclusive', points, b, c, null, null, 'none', 'no points');
  const thin = thinVolume(spec, base, windowVolume(windows, from));
  if (thin) return windowResult('inconclusive', points, b, c, null, null, 'none', thin);
  if (spec.direction !== 'either') return testSide(input, points, spec.direction, b, c, input.alpha);
  const up = testSide(input, points, 'increase', b, c, input.alpha / 2);
  if (up.verdict === 'fail') return up;
  const down = testSide(input, points, 'decrease', b, c, input.alpha / 2);
  return down.verdict === 'fail' ? down : up;
}

function thinVolume(spec: MetricSpec, base: BaselineSummary, volume: number | undefined): string | undefined {
  if (spec.kind !== 'ratio' || volume === undefined) return undefined;
  if (volume < spec.minVolume) return `${Math.round(volume)} requests; needs ${spec.minVolume}`;
  if ((base.volume ?? 0) < spec.minVolume)
    return `baseline has ${Math.round(base.volume ?? 0)} requests; needs ${spec.minVolume}`;
  return undefined;
}

function testSide(
  input: WindowInput,
  points: number,
  side: Side,
  b: number,
  c: number,
  alpha: number,
): WindowResult {
  const { spec } = input;
  const shift = side === 'increase' ? Math.max(1, input.shift ?? 1) : Math.min(1, input.shift ?? 1);
  const bound = b * shift;
  const changePercent = bound > 0 ? ((c - bound) / bound) * 100 : null;
  // Results written out whole, no spread and no closure: a spread plus several properties costs
  // microseconds in V8, and a tick tests some 30,000 windows.
  if (!beyondBound(spec, side, bound, c))
    return windowResult('pass', points, bound, c, changePercent, null, 'none', withinText(spec, side));
  const half = betterHalf(input, side);
  if (points < 2 || !beyondBound(spec, side, bound, half, halfShare(Math.ceil(points / 2))))
    return windowResult(
      'pass',
      points,
      bound,
      c,
      changePercent,
      null,
      'none',
      `not persistent beyond ${boundsText(spec, side)}`,
    );
  if (!pooled(spec, input.windows.series) && !beyondNoise(input.base, half, side, shift))
    return windowResult(
      'pass',
      points,
      bound,
      c,
      changePercent,
      null,
      'none',
      'within the baseline’s own spread',
    );
  const { p, test } = significance(input, input.windows.after(input.from), side, shift);
  const verdict = p <= alpha ? 'fail' : 'pass';
  const how = side === 'increase' ? 'higher' : 'lower';
  const reason =
    verdict === 'fail'
      ? `${how} than baseline beyond ${boundsText(spec, side)} (${test} p=${formatP(p)})`
      : `${how}, but not significant (${test} p=${formatP(p)} > ${formatP(alpha)})`;
  return windowResult(verdict, points, bound, c, changePercent, p, test, reason);
}

function windowResult(
  verdict: Verdict,
  points: number,
  baseline: number,
  current: number,
  changePercent: number | null,
  p: number | null,
  test: WindowResult['test'],
  reason: string,
): WindowResult {
  return { points, baseline, current, changePercent, verdict, p, test, reason };
}

/**
 * Whether `x` is worse than `bound` by more than the allowed percent and by at least `minDelta`,
 * both scaled by `share` (the part of the bound a less-bad half must clear).
 */
export function beyondBound(spec: MetricSpec, side: Side, bound: number, x: number, share = 1): boolean {
  const allowed = side === 'increase' ? spec.maxIncreasePercent : spec.maxDecreasePercent;
  const worse = side === 'increase' ? x - bound : bound - x;
  return worse > 0 && worse >= spec.minDelta * share && worse > (Math.abs(bound) * allowed * share) / 100;
}

/**
 * How much of the bound the less-bad half must clear: a single point is noisy (Poisson counts,
 * jitter), so a step's weaker point may fall short of the bound; the allowance shrinks with √points
 * as the half's noise does. With a flat allowance, the two normal points beside a 2-minute spike
 * failed a 4-point window as easily as one point did, completing a run of failures on noise.
 */
export function halfShare(points: number): number {
  return 1 - HALF_ALLOWANCE / Math.sqrt(Math.max(1, points));
}

const HALF_ALLOWANCE = 0.35;

/**
 * The statistic of the less-bad half of the window's points. A window fails only when even that
 * half is beyond (most of) the bound: one or two spiking points can then fail at most a short window, never
 * `failAfter` evaluations in a row, while a step fails every window it fills.
 */
function betterHalf(input: WindowInput, side: Side): number {
  const { spec } = input;
  if (!input.windows.series.volumes) {
    // Without volume every kind's statistic depends on the values alone, and the window's values
    // are sorted already; the half stays sorted for a median.
    const sorted = input.windows.sortedAfter(input.from);
    const keep = Math.ceil(sorted.length / 2);
    const half = side === 'increase' ? sorted.slice(0, keep) : sorted.slice(sorted.length - keep);
    if (half.length === 0) return Number.NaN;
    return spec.kind === 'ratio' || spec.kind === 'count' ? sum(half) / half.length : median(half);
  }
  const current = input.windows.after(input.from);
  const order = current.values.map((_, i) => i).sort((a, b) => current.values[a]! - current.values[b]!);
  const keep = Math.ceil(order.length / 2);
  const chosen = side === 'increase' ? order.slice(0, keep) : order.slice(order.length - keep);
  const values = chosen.map((i) => current.values[i]!);
  const volumes = current.volumes ? chosen.map((i) => current.volumes![i]!) : undefined;
  return statistic(spec, values, volumes);
}

/** Ratios with volume and counts are judged on pooled events; the rest on their distribution. */
function pooled(spec: MetricSpec, current: SeriesPoints): boolean {
  return spec.kind === 'count' || (spec.kind === 'ratio' && current.volumes !== undefined);
}

/**
 * A noisy baseline (p95 latency of a quiet service) swings by more than any percentage a user
 * would set; a change must then also leave the baseline's own 10–90% range to count.
 */
function beyondNoise(base: BaselineSummary, x: number, side: Side, shift: number): boolean {
  const v = base.values;
  if (v.length === 0) return true;
  return side === 'increase' ? x > quantile(v, 0.9) * shift : x < quantile(v, 0.1) * shift;
}

/** The f-quantile of sorted values, the lower of the two nearest ranks; read, never sorted again. */
export function quantile(sorted: readonly number[], f: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(f * (sorted.length - 1)))]!;
}

function significance(
  input: WindowInput,
  current: SeriesPoints,
  side: Side,
  shift: number,
): { p: number; test: 'mann-whitney' | 'count' } {
  const { spec, base } = input;
  if (spec.kind === 'ratio' && current.volumes && base.volume !== undefined && side === 'increase') {
    const events = current.values.reduce((a, v, i) => a + v * current.volumes![i]!, 0);
    const volume = current.volumes.reduce((a, v) => a + v, 0);
    const p = countTestGreater({
      current: events,
      baseline: base.events!,
      exposureCurrent: volume,
      exposureBaseline: base.volume,
      shift,
      ...dispersionOf(base),
    });
    return { p, test: 'count' };
  }
  if (spec.kind === 'count') {
    const now = current.values.reduce((a, v) => a + v, 0);
    const before = base.mean * base.n;
    const p =
      side === 'increase'
        ? countTestGreater({
            current: now,
            baseline: before,
            exposureCurrent: current.values.length,
            exposureBaseline: base.n,
            shift: current.values.length > 2 ? shift * runMargin(spec) : shift,
            ...dispersionOf(base),
          })
        : countTestGreater({
            current: before,
            baseline: now,
            exposureCurrent: base.n,
            exposureBaseline: current.values.length,
            ...dispersionOf(base),
          });
    return { p, test: 'count' };
  }
  const scaled = shift === 1 ? current.values : current.values.map((v) => v / shift);
  return {
    p: mannWhitney(rankedOf(base), scaled, side === 'increase' ? 'greater' : 'less').p,
    test: 'mann-whitney',
  };
}

const within = new WeakMap<MetricSpec, Partial<Record<Side, string>>>();

/** "within +50% and 0.25pp", made once per metric and side: most windows of a tick say it. */
function withinText(spec: MetricSpec, side: Side): string {
  let texts = within.get(spec);
  if (!texts) {
    texts = {};
    within.set(spec, texts);
  }
  let text = texts[side];
  if (text === undefined) {
    text = `within ${boundsText(spec, side)}`;
    texts[side] = text;
  }
  return text;
}

/** The bound as a reader sees it: "+50% and 0.25pp". */
export function boundsText(spec: MetricSpec, side: Side): string {
  const pct = side === 'increase' ? `+${spec.maxIncreasePercent}%` : `−${spec.maxDecreasePercent}%`;
  if (spec.minDelta <= 0) return pct;
  return spec.kind === 'ratio'
    ? `${pct} and ${Number((spec.minDelta * 100).toPrecision(3))}pp`
    : `${pct} and ${spec.minDelta}`;
}

/**
 * What a count's longer windows test against: the baseline rate raised by RUN_MARGIN of the allowed
 * increase. Such a window re-tests points the shortest window already flagged, evaluation after
 * evaluation, so a 2–3 minute burst (Poisson noise, a retry wave) kept a run of failures going as
 * long as its events outweighed the baseline at all; a real storm stays significant against the
 * raised rate by far. On 10,000 noise traces this took count false rollbacks from 6 to 0, and on
 * 2,000 overdispersed (gamma–Poisson) soaks from 17 to 3, without catching storms later.
 */
export function runMargin(spec: MetricSpec): number {
  return 1 + (RUN_MARGIN * spec.maxIncreasePercent) / 100;
}

const RUN_MARGIN = 0.5;

/** The baseline's overdispersion for a count test, when it was measured. */
export function dispersionOf(base: BaselineSummary): { dispersion?: number } {
  return base.dispersion === undefined ? {} : { dispersion: base.dispersion };
}

export function formatP(p: number): string {
  if (p < 1e-16) return '<1e-16';
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}
