import { type RankedBaseline, rankBaseline } from './mann-whitney.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';

/**
 * What the judge keeps of a cluster's pre-merge window: enough to test against and to draw, small
 * enough to store in the rollout state (at most MAX_KEPT values, rounded to 6 significant digits).
 */
export interface BaselineSummary {
  /** Points in the baseline window. */
  n: number;
  /** Sorted values, or evenly spaced order statistics of them when there were more than MAX_KEPT. */
  values: number[];
  /** Mean and median of all points. */
  mean: number;
  median: number;
  /** Ratios with volume: Σ value·volume (events) and Σ volume (requests). */
  events?: number;
  volume?: number;
  /** Time-ordered bucket means for the sparkline. */
  spark: number[];
  /**
   * Variance of the points over what Poisson counts (or, with volume, binomial ratios) would show,
   * at least 1: the count tests divide their counts by it. Absent with fewer than 8 points.
   */
  dispersion?: number;
}

const MAX_KEPT = 240;
export const SPARK_WIDTH = 24;

export function summarizeBaseline(series: SeriesPoints): BaselineSummary {
  const sorted = [...series.values].sort((a, b) => a - b);
  const n = sorted.length;
  const kept =
    n <= MAX_KEPT
      ? sorted
      : Array.from({ length: MAX_KEPT }, (_, i) => sorted[Math.round((i * (n - 1)) / (MAX_KEPT - 1))]!);
  const summary: BaselineSummary = {
    n,
    values: kept.map(round6),
    mean: n ? round6(sorted.reduce((a, b) => a + b, 0) / n) : 0,
    median: n ? round6(median(sorted)) : 0,
    spark: bucketMeans(series.values, SPARK_WIDTH).map(round6),
  };
  if (series.volumes) {
    summary.volume = series.volumes.reduce((a, b) => a + b, 0);
    summary.events = series.values.reduce((a, v, i) => a + v * series.volumes![i]!, 0);
  }
  const dispersion = dispersionOf(series);
  if (dispersion !== undefined) summary.dispersion = round6(dispersion);
  return summary;
}

const MAX_DISPERSION = 1000;

/** Observed over expected variance: binomial per point for ratios with volume, Poisson for the rest. */
function dispersionOf(series: SeriesPoints): number | undefined {
  const { values, volumes } = series;
  if (values.length < 8) return undefined;
  let observed = 0;
  let expected = 0;
  if (volumes) {
    const total = volumes.reduce((a, b) => a + b, 0);
    const p = total > 0 ? values.reduce((a, v, i) => a + v * volumes[i]!, 0) / total : 0;
    values.forEach((v, i) => {
      if (volumes[i]! <= 0) return;
      observed += (v - p) ** 2;
      expected += (p * (1 - p)) / volumes[i]!;
    });
  } else {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    for (const v of values) observed += (v - mean) ** 2;
    expected = mean * (values.length - 1);
  }
  if (!(expected > 0) || !Number.isFinite(observed)) return undefined;
  // Only what exceeds chance by a standard error: Poisson noise alone gives a ratio of about
  // 1 ± √(2/(n−1)). Two standard errors read bursty counts (gamma–Poisson, φ 2–20) as calmer than
  // they were, and their noise as significance.
  const chance = Math.sqrt(2 / (values.length - 1));
  return Math.min(MAX_DISPERSION, Math.max(1, observed / expected - chance));
}

const ranked = new WeakMap<BaselineSummary, RankedBaseline>();

/** The summary's values ready for rank tests; computed once per summary object. */
export function rankedOf(summary: BaselineSummary): RankedBaseline {
  let r = ranked.get(summary);
  if (!r) {
    r = rankBaseline(summary.values);
    ranked.set(summary, r);
  }
  return r;
}

/** The statistic a kind is judged on: pooled ratio with volume, mean for ratios and counts, median otherwise. */
export function statistic(spec: MetricSpec, values: readonly number[], volumes?: readonly number[]): number {
  return summedStatistic(spec, values, volumes) ?? median(sortedCopy(values));
}

/**
 * `statistic` of `values[at..]` (and `volumes[at..]`) for the kinds judged on sums: the pooled ratio
 * with volume, the mean of ratios and counts; NaN for no values. Undefined for the kinds judged on
 * their median, which callers take from values they sort their own way. Sums run left to right
 * from 0, so every caller's figures are the same to the bit.
 */
export function summedStatistic(
  spec: MetricSpec,
  values: readonly number[],
  volumes?: readonly number[],
  at = 0,
): number | undefined {
  const n = values.length - at;
  if (n <= 0) return Number.NaN;
  if (spec.kind === 'ratio' && volumes) {
    let total = 0;
    for (let i = at; i < volumes.length; i++) total += volumes[i]!;
    if (!(total > 0)) return Number.NaN;
    let events = 0;
    for (let i = at; i < values.length; i++) events += values[i]! * volumes[i]!;
    return events / total;
  }
  if (spec.kind === 'ratio' || spec.kind === 'count') {
    let total = 0;
    for (let i = at; i < values.length; i++) total += values[i]!;
    return total / n;
  }
  return undefined;
}

/**
 * The values in ascending order (−0 before +0, NaN last), in a new typed array: its numeric sort
 * needs no comparator and no boxed copies. A tick's windows are sorted by SortedSuffixes instead,
 * in this same order.
 */
export function sortedCopy(values: readonly number[]): Float64Array {
  return new Float64Array(values).sort();
}

/** Σ values, left to right (the order a reduce adds them in, so figures stay identical). */
export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

export function baselineStatistic(spec: MetricSpec, base: BaselineSummary): number {
  if (spec.kind === 'ratio' && base.volume !== undefined)
    return base.volume > 0 ? base.events! / base.volume : Number.NaN;
  if (spec.kind === 'ratio' || spec.kind === 'count') return base.mean;
  return base.median;
}

export function median(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Means of `width` equal slices of `values` (fewer when there are fewer values). */
export function bucketMeans(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  return Array.from({ length: width }, (_, i) => {
    const from = Math.floor((i * values.length) / width);
    const to = Math.floor(((i + 1) * values.length) / width);
    let sum = 0;
    for (let j = from; j < to; j++) sum += values[j]!;
    return sum / (to - from);
  });
}

function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
