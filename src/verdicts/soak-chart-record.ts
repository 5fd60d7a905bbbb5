import { downsample, type SoakChart, type SoakCharts } from '../rollout/soak-charts.ts';
import type { BaselineSummary } from './baseline-summary.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import type { ClusterEvidence } from './soak-report.ts';

const MAX_REASONS = 3;
const MAX_REASON_CHARS = 200;

/** What the soak judge saw of one metric on one cluster, kept while it evaluates. */
interface Seen {
  spec: MetricSpec;
  soak: SeriesPoints;
  base: BaselineSummary | undefined;
}

export interface ChartCollector {
  /** The soak points and baseline one metric was judged on for one cluster. */
  add(spec: MetricSpec, cluster: string, soak: SeriesPoints, base: BaselineSummary | undefined): void;
  /** The evaluation as a chart record: one chart per metric check of each cluster, in that order. */
  build(input: {
    wave: number;
    mergedAt: Date;
    soakSince: Date;
    currentFrom: Date;
    baselineFrom: Date;
    evaluatedAt: Date;
    intervalMs: number;
    clusters: readonly ClusterEvidence[];
  }): SoakCharts;
}

/**
 * Collects, during one soak evaluation, what the page draws: the judge hands over each metric's
 * points and baseline as it judges them, and the verdicts once it has them. Nothing here judges.
 */
export function createChartCollector(): ChartCollector {
  const seen = new Map<string, Seen>();
  const id = (metric: string, cluster: string) => `${metric}\u0000${cluster}`;
  return {
    add(spec, cluster, soak, base) {
      seen.set(id(spec.name, cluster), { spec, soak, base });
    },
    build(input) {
      const charts: SoakChart[] = input.clusters.flatMap((c) =>
        c.metrics.map((m) => {
          const s = seen.get(id(m.metric, c.cluster));
          const points = s ? s.soak.times.map((t, i) => [t, s.soak.values[i]!] as const) : [];
          const limits = s && limitsOf(s.spec);
          const unit = s && (s.spec as { unit?: unknown }).unit;
          return {
            metric: m.metric,
            cluster: c.cluster,
            kind: m.kind,
            ...(typeof unit === 'string' ? { unit } : {}),
            ...(s ? { direction: s.spec.direction } : {}),
            verdict: m.verdict,
            reason: m.reason,
            ...(s?.base && s.base.n > 0 ? { baseline: band(s.base) } : {}),
            current: downsample(points).map(([t, v]) => [t, round(v)] as [number, number]),
            ...(m.verdict === 'fail' ? { onset: m.window.from } : {}),
            ...(limits ? { limits } : {}),
          };
        }),
      );
      return {
        v: 1,
        wave: input.wave,
        mergedAt: input.mergedAt.toISOString(),
        soakSince: input.soakSince.toISOString(),
        ...(input.currentFrom > input.soakSince ? { currentFrom: input.currentFrom.toISOString() } : {}),
        baselineFrom: input.baselineFrom.toISOString(),
        evaluatedAt: input.evaluatedAt.toISOString(),
        intervalMs: input.intervalMs,
        clusters: input.clusters.map((c) => ({
          cluster: c.cluster,
          verdict: c.verdict,
          reasons: reasonsOf(c),
        })),
        charts,
      };
    },
  };
}

/** p5 and p95 from the summary's sorted values (all points, or evenly spaced order statistics). */
function band(base: BaselineSummary): NonNullable<SoakChart['baseline']> {
  return {
    n: base.n,
    p5: round(nearest(base, 0.05)),
    median: round(base.median),
    p95: round(nearest(base, 0.95)),
    points: base.spark.map(round),
  };
}

function nearest(base: BaselineSummary, p: number): number {
  return base.values[Math.round(p * (base.values.length - 1))] ?? base.median;
}

/** Four significant digits are plenty to draw, and keep the stored record (and its write cost) small. */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : x;
}

/** `max` and `min` of a metric where its spec carries them (fleet `metrics:` limits). */
function limitsOf(spec: MetricSpec): SoakChart['limits'] | undefined {
  const { max, min } = (spec.limits ?? spec) as { max?: unknown; min?: unknown };
  const limits = {
    ...(typeof max === 'number' && Number.isFinite(max) ? { max } : {}),
    ...(typeof min === 'number' && Number.isFinite(min) ? { min } : {}),
  };
  return Object.keys(limits).length ? limits : undefined;
}

/** Why a cluster is not passing: the reasons of its checks that share its verdict, a few and short. */
function reasonsOf(c: ClusterEvidence): string[] {
  if (c.verdict === 'pass') return [];
  return [
    ...c.health.map((h) => ({ name: h.check, ...h })),
    ...c.metrics.map((m) => ({ name: m.metric, ...m })),
  ]
    .filter((check) => check.verdict === c.verdict)
    .slice(0, MAX_REASONS)
    .map((check) => `${check.name}: ${check.reason}`.slice(0, MAX_REASON_CHARS));
}
