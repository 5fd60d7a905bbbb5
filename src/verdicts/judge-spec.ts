import type { Point } from '../ports/metrics.ts';
import { fillAbsentZeros, readsAbsentAsZero } from './absent-zero.ts';
import { type BaselineSummary, summarizeBaseline } from './baseline-summary.ts';
import { controlDrift } from './control-drift.ts';
import { judgeMetric, type MetricCheck, windowStarts } from './judge-metric.ts';
import { keyedRecord } from './keyed-record.ts';
import { pointsBetween, type SeriesPoints } from './series-points.ts';
import type { ChartCollector } from './soak-chart-record.ts';
import type { FetchedSpec, Timing } from './soak-series.ts';
import type { StoredBaseline } from './stored-baseline.ts';

export interface JudgeSpecInput {
  fetched: FetchedSpec;
  wave: readonly string[];
  controls: readonly string[];
  mergedAtMs: number;
  timing: Timing;
  stored: StoredBaseline | undefined;
  /** The times a cluster reported anything in the fetch starting at `fromMs`. */
  alive: (fromMs: number, cluster: string) => number[];
  /** Handed each wave cluster's soak points and baseline, for the rollout page's charts. */
  charts?: ChartCollector;
}

/**
 * Judges one metric for every cluster of the wave: baselines (captured now, or the stored ones),
 * the soak series, the control group's drift, then `judgeMetric`. A count or error ratio the
 * backend has no points for, on a cluster that reports other metrics, reads as zero there.
 * Returns the checks by cluster and the baselines to store.
 */
export function judgeSpec(input: JudgeSpecInput): {
  checks: Map<string, MetricCheck>;
  bases: Record<string, BaselineSummary>;
} {
  const { fetched, wave, timing } = input;
  const { spec } = fetched;
  if ('error' in fetched) {
    return { checks: new Map(wave.map((c) => [c, failedQuery(fetched, timing)])), bases: {} };
  }
  const all = [...wave, ...input.controls];
  const mergedSec = input.mergedAtMs / 1000;
  const fill = readsAbsentAsZero(spec);
  // A series with a point at every step has nothing to fill: skip the cluster's alive times.
  const expectedPoints = Math.floor((timing.toMs - fetched.fromMs) / timing.stepMs) + 1;
  const filled = new Map<string, number>();
  const seriesOf = (c: string): readonly Point[] | undefined => {
    const raw = fetched.series.get(c);
    if (!fill || (raw && !fetched.volume && raw.length === expectedPoints)) return raw;
    const out = fillAbsentZeros(raw, input.alive(fetched.fromMs, c), fetched.volume?.get(c));
    if (out.filled > 0 && !raw?.length) filled.set(c, out.filled);
    return out.points;
  };
  const bases = keyedRecord<BaselineSummary>();
  // Once per cluster: the judge, the drift and the charts read the same points.
  const soaks = new Map<string, SeriesPoints>();
  for (const c of all) {
    const points = seriesOf(c);
    bases[c] = fetched.needBaseline
      ? summarizeBaseline(
          pointsBetween(points, mergedSec - timing.lookbackMs / 1000, mergedSec, fetched.volume?.get(c)),
        )
      : input.stored!.metrics[spec.name]![c]!;
    soaks.set(
      c,
      pointsBetween(points, timing.soakFromMs / 1000, timing.toMs / 1000 + 1, fetched.volume?.get(c)),
    );
  }
  const soakOf = (c: string): SeriesPoints => soaks.get(c)!;
  const nowSec = newestBucket(all.map(soakOf), timing);
  const intervalSec = timing.stepMs / 1000;
  const soakStartSec = timing.soakFromMs / 1000;
  const starts = windowStarts(nowSec, intervalSec, soakStartSec);
  const drift = controlDrift(
    spec,
    input.controls.map((c) => ({ base: bases[c], soak: soakOf(c) })),
    starts,
  );
  for (const c of wave) input.charts?.add(spec, c, soakOf(c), bases[c]);
  const checks = new Map(
    wave.map((c) => {
      const check = judgeMetric({
        spec,
        base: bases[c],
        soak: soakOf(c),
        nowSec,
        intervalSec,
        soakStartSec,
        drift,
      });
      if (!filled.has(c)) return [c, check];
      const note = `${check.reason}; no series, read as 0 (nothing counted)`;
      return [c, { ...check, reason: note, absentAsZero: true }];
    }),
  );
  return { checks, bases };
}

function failedQuery(fetched: Extract<FetchedSpec, { error: unknown }>, timing: Timing): MetricCheck {
  const { spec, error } = fetched;
  return {
    metric: spec.name,
    kind: spec.kind,
    ...(spec.query ? { query: spec.query } : {}),
    verdict: 'inconclusive',
    reason: `query failed: ${(error as Error).message ?? String(error)}`,
    window: { from: timing.soakFromMs / 1000, to: timing.toMs / 1000 },
    baseline: { points: 0, value: Number.NaN },
    current: { points: 0, value: Number.NaN },
    changePercent: null,
    p: null,
    test: 'none',
    spark: { baseline: [], current: [] },
  };
}

/**
 * Where this metric's windows end: its newest point over all clusters. Backends stamp a bucket
 * differently (Prometheus at the evaluation instant, Datadog at the bucket's start, one interval
 * earlier), and a window "the last two intervals" must hold two points on either. A cluster that
 * stopped reporting still shows, against the others. Without any point, the query's end.
 */
function newestBucket(series: readonly SeriesPoints[], timing: Timing): number {
  const end = timing.toMs / 1000;
  let newest = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const t = s.times.at(-1);
    if (t !== undefined && t <= end && t > newest) newest = t;
  }
  return newest > end - (2 * timing.stepMs) / 1000 ? newest : end;
}
