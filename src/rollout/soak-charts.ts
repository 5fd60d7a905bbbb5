/**
 * What a soak evaluation looked like, kept for drawing (the rollout page): per metric and cluster
 * the baseline band, the current points, the verdict and where a failure began. The soak judge
 * returns it with its report; the engine stores it per wave (`charts/<rollout key>/<wave>`), next to
 * but apart from the rollout document, so it never crowds the state a decision needs.
 */
export interface SoakCharts {
  v: 1;
  /** 1-based wave index. */
  wave: number;
  /** The wave's merge time: names the attempt, so a chart of an earlier attempt is not shown. */
  mergedAt: string;
  /** When every cluster applied. */
  soakSince: string;
  /** Where the current points start when not at `soakSince`: a long soak is judged on its last 128 steps. */
  currentFrom?: string;
  /** The baseline window's start (it ends at the merge). */
  baselineFrom: string;
  evaluatedAt: string;
  /** The soak interval: how often the charts change. */
  intervalMs: number;
  /** Every cluster of the wave with its verdict, and the reasons when not passing. */
  clusters: ChartCluster[];
  /** Failing clusters first, then inconclusive, then passing; cut to fit the store (see `omitted`). */
  charts: SoakChart[];
  /** Charts left out to stay within a store item's size, and the clusters they were of. */
  omitted?: { charts: number; clusters: number };
}

export type ChartVerdict = 'pass' | 'fail' | 'inconclusive';

export interface ChartCluster {
  cluster: string;
  verdict: ChartVerdict;
  /** Why it fails or is inconclusive (a few check reasons, bounded). */
  reasons: string[];
}

export interface SoakChart {
  metric: string;
  cluster: string;
  /** ratio, rate, latency, count or gauge: ratios read as percentages. */
  kind: string;
  /** The metric's unit where known (`ms`, `req/s`); ratios are fractions shown as %. */
  unit?: string;
  /** Which change is bad. */
  direction?: 'increase' | 'decrease' | 'either';
  verdict: ChartVerdict;
  reason: string;
  /** The pre-merge window: its band and a few time-ordered bucket means; absent with no baseline. */
  baseline?: { n: number; p5: number; median: number; p95: number; points: number[] };
  /** [epoch seconds, value] since the soak began, time-ordered, at most MAX_CURRENT_POINTS. */
  current: [number, number][];
  /** Epoch seconds where the failing window starts (a failing chart only). */
  onset?: number;
  /** Absolute limits of the metric (`max`, `min`), in its unit. */
  limits?: { max?: number; min?: number };
}

export const MAX_CURRENT_POINTS = 120;
/** A store item holds 400 KB in all (DynamoDB); the charts keep well under it. */
export const CHARTS_BUDGET_BYTES = 300_000;

const ORDER: Record<ChartVerdict, number> = { fail: 0, inconclusive: 1, pass: 2 };

/**
 * The record cut to `budget` bytes of JSON: charts of failing clusters first (their failing
 * metrics first), then inconclusive, then passing clusters, kept while they fit; what is left out is
 * counted in `omitted` so the page can say so.
 */
export function boundCharts(record: SoakCharts, budget = CHARTS_BUDGET_BYTES): SoakCharts {
  const verdictOf = new Map(record.clusters.map((c) => [c.cluster, c.verdict]));
  const rank = (c: SoakChart) => ORDER[verdictOf.get(c.cluster) ?? c.verdict] * 3 + ORDER[c.verdict];
  const sorted = record.charts
    .map((chart, i) => ({ chart, i }))
    .sort((a, b) => rank(a.chart) - rank(b.chart) || a.i - b.i)
    .map((x) => x.chart);
  const head = { ...record, charts: [] as SoakChart[] };
  delete head.omitted;
  let used = bytes(head) + 64;
  const kept: SoakChart[] = [];
  for (const chart of sorted) {
    const size = bytes(chart) + 1;
    if (used + size > budget) continue;
    kept.push(chart);
    used += size;
  }
  const keptSet = new Set(kept);
  const left = sorted.filter((c) => !keptSet.has(c));
  if (left.length === 0) return { ...head, charts: kept };
  return {
    ...head,
    charts: kept,
    omitted: { charts: left.length, clusters: new Set(left.map((c) => c.cluster)).size },
  };
}

/** Evenly spaced means of consecutive points, so a long soak draws at most `max` points. */
export function downsample(points: readonly (readonly [number, number])[], max = MAX_CURRENT_POINTS) {
  if (points.length <= max) return points.map(([t, v]) => [t, v] as [number, number]);
  return Array.from({ length: max }, (_, i) => {
    const from = Math.floor((i * points.length) / max);
    const to = Math.floor(((i + 1) * points.length) / max);
    let t = 0;
    let v = 0;
    for (let j = from; j < to; j++) {
      t += points[j]![0];
      v += points[j]![1];
    }
    return [Math.round(t / (to - from)), v / (to - from)] as [number, number];
  });
}

const encoder = new TextEncoder();
function bytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
