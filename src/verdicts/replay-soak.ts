import { parseDuration } from '../../config/common.ts';
import type { Point } from '../ports/metrics.ts';
import { aliveTimes, fillAbsentZeros, readsAbsentAsZero } from './absent-zero.ts';
import { type BaselineSummary, summarizeBaseline } from './baseline-summary.ts';
import { explainCheck } from './check-figures.ts';
import { clusterVerdict, combineVerdicts } from './combine-checks.ts';
import { judgeMetric, type MetricCheck } from './judge-metric.ts';
import { type MetricSpec, resolveMetric } from './metric-spec.ts';
import type { ReplayCase } from './replay-case.ts';
import { pointsBetween, type SeriesPoints } from './series-points.ts';
import { baselineLookbackMs } from './soak-timing.ts';
import type { Verdict } from './window-test.ts';

/** `guard replay --json` per case (DESIGN section 8). */
export interface ReplayResult {
  verdict: Verdict;
  clusters: Record<string, ClusterReplay>;
}

export interface ClusterReplay {
  verdict: Verdict;
  failedAt: string | null;
  reason: string;
  /** With `explain`: every evaluation of the cluster, in order. */
  evaluations?: EvaluationReasoning[];
}

/** One evaluation of one cluster as the judge reasoned it (`guard replay --explain`). */
export interface EvaluationReasoning {
  at: string;
  verdict: Verdict;
  /** Consecutive failing evaluations up to and including this one (the cluster fails at failAfter). */
  failing: number;
  /** Per metric: the verdict, the figures and the test behind it (check-figures.ts). */
  metrics: MetricReasoning[];
}

export interface MetricReasoning {
  metric: string;
  verdict: Verdict;
  baseline: MetricCheck['baseline'];
  current: MetricCheck['current'];
  changePercent: number | null;
  test: MetricCheck['test'];
  p: number | null;
  limit: string | null;
  reason: string;
  /** The same reasoning in one line, as the soak comment's table shows it. */
  text: string;
}

interface Track {
  failures: number;
  passes: number;
  failedAt?: number;
  reason: string;
  evaluations?: EvaluationReasoning[];
}

/**
 * Replays a whole soak as the engine runs it (src/rollout/decide-soak.ts): an evaluation every
 * interval from the merge; a cluster fails after `failAfter` consecutive failing evaluations (a
 * pass or an inconclusive evaluation breaks the run); a cluster that never passed by the end has
 * insufficient evidence and the soak is extended up to its duration again. Unlike the engine, it
 * keeps judging the other clusters after one fails, so a replay reports every cluster. A cluster
 * still without a passing evaluation at the end is `inconclusive` (with `onNoData: extend` the
 * engine would then hold the wave for a person; missing data never fails it).
 */
export function replaySoak(input: ReplayCase, options: { explain?: boolean } = {}): ReplayResult {
  const plan = prepare(input);
  const tracks = new Map(
    plan.clusters.map((c): [string, Track] => [
      c,
      { failures: 0, passes: 0, reason: 'no evaluation', ...(options.explain ? { evaluations: [] } : {}) },
    ]),
  );
  const lastEvaluation = (k: number) => k * plan.intervalSec >= 2 * plan.durationSec;
  for (let k = 1; ; k++) {
    const nowSec = plan.mergeSec + k * plan.intervalSec;
    for (const [cluster, track] of tracks)
      if (track.failedAt === undefined) evaluate(plan, cluster, track, nowSec);
    const thin = [...tracks.values()].filter((t) => t.failedAt === undefined && t.passes === 0);
    if (k * plan.intervalSec >= plan.durationSec && (thin.length === 0 || lastEvaluation(k))) break;
  }
  const clusters = Object.fromEntries([...tracks].map(([c, t]) => [c, outcome(t, plan)]));
  return { verdict: combineVerdicts(Object.values(clusters)), clusters };
}

interface Plan {
  mergeSec: number;
  intervalSec: number;
  durationSec: number;
  failAfter: number;
  clusters: string[];
  metrics: { spec: MetricSpec; bases: Map<string, BaselineSummary>; soaks: Map<string, SeriesPoints> }[];
}

function prepare(input: ReplayCase): Plan {
  const mergeSec = Date.parse(input.mergeAt) / 1000;
  const intervalMs = parseDuration(input.soak.interval)!;
  const durationMs = parseDuration(input.soak.duration)!;
  const fromSec = mergeSec - baselineLookbackMs(durationMs, intervalMs) / 1000;
  const clusters = [...new Set(input.metrics.flatMap((m) => Object.keys(m.series)))].sort();
  const alive = new Map(
    clusters.map((c) => [c, aliveTimes(input.metrics.flatMap((m) => [m.series[c], m.volume?.[c]]))]),
  );
  const metrics = input.metrics.map((m) => {
    const spec = resolveMetric(m);
    const bases = new Map<string, BaselineSummary>();
    const soaks = new Map<string, SeriesPoints>();
    for (const cluster of clusters) {
      const volume = m.volume ? (m.volume[cluster] ?? []) : undefined;
      let points: readonly Point[] | undefined = m.series[cluster];
      // As the engine does (judge-spec.ts): an absent count or error ratio reads as zero.
      if (readsAbsentAsZero(spec)) points = fillAbsentZeros(points, alive.get(cluster)!, volume).points;
      else if (!points) continue;
      bases.set(cluster, summarizeBaseline(pointsBetween(points, fromSec, mergeSec, volume)));
      soaks.set(cluster, pointsBetween(points, mergeSec, Number.POSITIVE_INFINITY, volume));
    }
    return { spec, bases, soaks };
  });
  return {
    mergeSec,
    intervalSec: intervalMs / 1000,
    durationSec: durationMs / 1000,
    failAfter: input.soak.failAfter,
    clusters,
    metrics,
  };
}

function evaluate(plan: Plan, cluster: string, track: Track, nowSec: number): void {
  const checks = plan.metrics.map(({ spec, bases, soaks }) =>
    judgeMetric({
      spec,
      base: bases.get(cluster),
      soak: upTo(soaks.get(cluster), nowSec),
      nowSec,
      intervalSec: plan.intervalSec,
      soakStartSec: plan.mergeSec,
    }),
  );
  const verdict = clusterVerdict(checks, []);
  const shown = checks.filter((c) => c.verdict === verdict);
  track.reason = shown.map((c) => `${c.metric}: ${c.reason}`).join('; ');
  if (verdict === 'fail') {
    track.failures += 1;
    if (track.failures >= plan.failAfter) track.failedAt = nowSec;
  } else {
    if (verdict === 'pass') track.passes += 1;
    track.failures = 0;
  }
  track.evaluations?.push({
    at: new Date(nowSec * 1000).toISOString(),
    verdict,
    failing: track.failures,
    metrics: checks.map(reasoning),
  });
}

function reasoning(c: MetricCheck): MetricReasoning {
  return {
    metric: c.metric,
    verdict: c.verdict,
    baseline: c.baseline,
    current: c.current,
    changePercent: c.changePercent,
    test: c.test,
    p: c.p,
    limit: c.limit?.text ?? null,
    reason: c.reason,
    text: explainCheck(c),
  };
}

function upTo(series: SeriesPoints | undefined, nowSec: number): SeriesPoints {
  if (!series) return { times: [], values: [] };
  let n = series.times.length;
  while (n > 0 && series.times[n - 1]! > nowSec) n--;
  if (n === series.times.length) return series;
  const out: SeriesPoints = { times: series.times.slice(0, n), values: series.values.slice(0, n) };
  if (series.volumes) out.volumes = series.volumes.slice(0, n);
  return out;
}

function outcome(track: Track, plan: Plan): ClusterReplay {
  const verdict = verdictOf(track, plan);
  return track.evaluations ? { ...verdict, evaluations: track.evaluations } : verdict;
}

function verdictOf(track: Track, plan: Plan): ClusterReplay {
  if (track.failedAt !== undefined)
    return {
      verdict: 'fail',
      failedAt: new Date(track.failedAt * 1000).toISOString(),
      reason: `${plan.failAfter} consecutive failing evaluations: ${track.reason}`,
    };
  if (track.passes === 0)
    return { verdict: 'inconclusive', failedAt: null, reason: `insufficient evidence: ${track.reason}` };
  return {
    verdict: 'pass',
    failedAt: null,
    reason: `${track.passes} passing evaluations; last: ${track.reason}`,
  };
}
