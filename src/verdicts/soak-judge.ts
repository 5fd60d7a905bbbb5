import { parseDuration } from '../../config/common.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { Metrics, Point } from '../ports/metrics.ts';
import type { SoakInput, SoakReport, WaveChecks } from '../rollout/wave-checks.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { type BaselineSummary, summarizeBaseline } from './baseline-summary.ts';
import { combineVerdicts } from './combine-checks.ts';
import { controlDrift } from './control-drift.ts';
import { alertCheck, type HealthCheck, unavailable, workloadChecks } from './health-checks.ts';
import { judgeMetric, type MetricCheck, windowStarts } from './judge-metric.ts';
import { type MetricSpec, resolveMetric } from './metric-spec.ts';
import { pointsBetween } from './series-points.ts';
import { type ChartCollector, createChartCollector } from './soak-chart-record.ts';
import { soakMetricsOf } from './soak-metrics.ts';
import { renderSoakReport } from './soak-report.ts';
import { baselineLookbackMs, queryStepMs } from './soak-timing.ts';
import { readStoredBaseline, type StoredBaseline } from './stored-baseline.ts';

/** Fixed-text messages with details in an object (pino's shape). */
export interface JudgeLog {
  warn(details: object, message: string): void;
}

export interface SoakJudgeDeps {
  metrics: Metrics;
  /** Workload health (ready, restarts, CrashLoopBackOff); skipped when absent. */
  clusters?: Clusters;
  log?: JudgeLog;
  /** Clusters asked for workload health at once. */
  concurrency?: number;
}

/** The longest current window queried each tick, in steps: bounds the tick's cost on long soaks. */
const MAX_SOAK_STEPS = 128;

/**
 * The soak judge: per evaluation, one `metrics.series` query per metric (two for a ratio with a
 * volume query) for every cluster of the wave and its controls at once, one alerts call, and the
 * workloads of each cluster; a pass, fail or inconclusive verdict per cluster with its evidence.
 */
export function createSoakJudge(deps: SoakJudgeDeps): Pick<WaveChecks, 'soak'> {
  return { soak: (input) => judgeSoak(deps, input) };
}

interface Timing {
  stepMs: number;
  lookbackMs: number;
  toMs: number;
  soakFromMs: number;
}

async function judgeSoak(deps: SoakJudgeDeps, input: SoakInput): Promise<SoakReport> {
  const timing = timingOf(input);
  const specs = metricSpecs(input);
  const stored = readStoredBaseline(input.baseline, input.mergedAt);
  const wave = input.clusters.map((c) => c.name);
  const next: StoredBaseline = { v: 1, mergedAt: input.mergedAt.toISOString(), metrics: {} };
  const charts = createChartCollector();
  const [metricChecks, health] = await Promise.all([
    Promise.all(specs.map((spec) => judgeSpec(deps, input, spec, timing, stored, next, charts))),
    healthChecks(deps, input, stored, next),
  ]);
  const clusters = wave.map((cluster) => {
    const metrics = metricChecks.map((byCluster) => byCluster.get(cluster)!);
    const checks = health.get(cluster) ?? [];
    return { cluster, verdict: combineVerdicts([...metrics, ...checks]), metrics, health: checks };
  });
  const { title, markdown } = renderSoakReport({
    heading: `${input.serviceName} ${input.version}, wave ${input.wave.index}/${input.wave.count} (${input.wave.batch})`,
    evaluatedAt: input.now,
    soakSince: input.appliedAt,
    baseline: { from: new Date(input.mergedAt.getTime() - timing.lookbackMs), to: input.mergedAt },
    controls: input.controls,
    ...(input.provider.soakNote ? { note: input.provider.soakNote } : {}),
    clusters,
  });
  return {
    verdicts: Object.fromEntries(clusters.map((c) => [c.cluster, c.verdict])),
    title,
    markdown,
    baseline: next,
    charts: charts.build({
      wave: input.wave.index,
      mergedAt: input.mergedAt,
      soakSince: input.appliedAt,
      currentFrom: new Date(timing.soakFromMs),
      baselineFrom: new Date(input.mergedAt.getTime() - timing.lookbackMs),
      evaluatedAt: input.now,
      intervalMs: parseDuration(input.request.soak.interval) ?? 60_000,
      clusters,
    }),
  };
}

function timingOf(input: SoakInput): Timing {
  const intervalMs = parseDuration(input.request.soak.interval) ?? 60_000;
  const waveSoak = input.request.waves?.find((w) => w.batch === input.wave.batch)?.soak;
  const durationMs = parseDuration(waveSoak ?? input.request.soak.duration) ?? 3_600_000;
  const stepMs = queryStepMs(intervalMs);
  // The newest bucket is still filling (Datadog rollups): windows end one step before now.
  const toMs = input.now.getTime() - stepMs;
  const soakFromMs = Math.max(input.appliedAt.getTime(), toMs - MAX_SOAK_STEPS * stepMs);
  return { stepMs, lookbackMs: baselineLookbackMs(durationMs, intervalMs), toMs, soakFromMs };
}

/** The provider's default metrics for the fleet's backend, then the service's own from fleet.yaml. */
export function metricSpecs(input: Pick<SoakInput, 'fleet' | 'provider' | 'service'>): MetricSpec[] {
  return soakMetricsOf(input).map(resolveMetric);
}

async function judgeSpec(
  deps: SoakJudgeDeps,
  input: SoakInput,
  spec: MetricSpec,
  timing: Timing,
  stored: StoredBaseline | undefined,
  next: StoredBaseline,
  charts: ChartCollector,
): Promise<Map<string, MetricCheck>> {
  const wave = input.clusters.map((c) => c.name);
  const all = [...wave, ...input.controls];
  const known = stored?.metrics[spec.name];
  const needBaseline = !known || all.some((c) => !known[c]);
  const fromMs = needBaseline
    ? input.mergedAt.getTime() - timing.lookbackMs
    : timing.soakFromMs - timing.stepMs;
  let data: { series: Map<string, readonly Point[]>; volume?: Map<string, readonly Point[]> };
  try {
    data = await fetchSeries(deps.metrics, spec, all, fromMs, timing);
  } catch (err) {
    deps.log?.warn({ metric: spec.name, error: (err as Error).message }, 'soak metric query failed');
    return new Map(wave.map((c) => [c, failedQuery(spec, err, timing)]));
  }
  const bases = new Map<string, BaselineSummary>();
  const mergedSec = input.mergedAt.getTime() / 1000;
  for (const c of all) {
    const base = needBaseline
      ? summarizeBaseline(
          pointsBetween(
            data.series.get(c),
            mergedSec - timing.lookbackMs / 1000,
            mergedSec,
            data.volume?.get(c),
          ),
        )
      : known![c]!;
    bases.set(c, base);
  }
  next.metrics[spec.name] = Object.fromEntries(bases);
  // Once per cluster: the judge and the charts read the same points.
  const soaks = new Map(
    all.map((c) => [
      c,
      pointsBetween(
        data.series.get(c),
        timing.soakFromMs / 1000,
        timing.toMs / 1000 + 1,
        data.volume?.get(c),
      ),
    ]),
  );
  const soakOf = (c: string) => soaks.get(c)!;
  const nowSec = timing.toMs / 1000;
  const intervalSec = timing.stepMs / 1000;
  const soakStartSec = timing.soakFromMs / 1000;
  const starts = windowStarts(nowSec, intervalSec, soakStartSec);
  for (const c of wave) charts.add(spec, c, soakOf(c), bases.get(c));
  const drift = controlDrift(
    spec,
    input.controls.map((c) => ({ base: bases.get(c), soak: soakOf(c) })),
    starts,
  );
  return new Map(
    wave.map((c) => [
      c,
      judgeMetric({ spec, base: bases.get(c), soak: soakOf(c), nowSec, intervalSec, soakStartSec, drift }),
    ]),
  );
}

async function fetchSeries(
  metrics: Metrics,
  spec: MetricSpec,
  clusters: string[],
  fromMs: number,
  timing: Timing,
) {
  const query = (q: string) =>
    metrics.series({ query: q, clusters, from: fromMs, to: timing.toMs, stepMs: timing.stepMs });
  const [series, volume] = await Promise.all([
    query(spec.query ?? ''),
    spec.kind === 'ratio' && spec.volumeQuery ? query(spec.volumeQuery) : undefined,
  ]);
  return volume ? { series, volume } : { series };
}

function failedQuery(spec: MetricSpec, err: unknown, timing: Timing): MetricCheck {
  return {
    metric: spec.name,
    kind: spec.kind,
    ...(spec.query ? { query: spec.query } : {}),
    verdict: 'inconclusive',
    reason: `query failed: ${(err as Error).message ?? String(err)}`,
    window: { from: timing.soakFromMs / 1000, to: timing.toMs / 1000 },
    baseline: { points: 0, value: Number.NaN },
    current: { points: 0, value: Number.NaN },
    changePercent: null,
    p: null,
    test: 'none',
    spark: { baseline: [], current: [] },
  };
}

/** Alerts for the whole wave in one call; workloads per cluster, a few at a time. */
async function healthChecks(
  deps: SoakJudgeDeps,
  input: SoakInput,
  stored: StoredBaseline | undefined,
  next: StoredBaseline,
): Promise<Map<string, HealthCheck[]>> {
  const wave = input.clusters.map((c) => c.name);
  const out = new Map<string, HealthCheck[]>(wave.map((c) => [c, []]));
  try {
    const alerts = await deps.metrics.alerts(wave);
    for (const c of wave) out.get(c)!.push(alertCheck(alerts.get(c)));
  } catch (err) {
    deps.log?.warn({ error: (err as Error).message }, 'soak alerts query failed');
    for (const c of wave) out.get(c)!.push(unavailable('alerts', err));
  }
  const target = workloadTarget(input);
  if (!deps.clusters || !target) return out;
  const clusters = deps.clusters;
  next.restarts = {};
  await mapBounded(wave, deps.concurrency ?? 8, async (c) => {
    try {
      const statuses = await clusters.workloads(c, target.namespace, target.names);
      out.get(c)!.push(...workloadChecks(statuses, stored?.restarts?.[c]));
      next.restarts![c] = Object.fromEntries(statuses.map((s) => [s.name, s.restarts]));
    } catch (err) {
      deps.log?.warn({ cluster: c, error: (err as Error).message }, 'soak workload check failed');
      out.get(c)!.push(unavailable('workloads', err));
      if (stored?.restarts?.[c]) next.restarts![c] = stored.restarts[c];
    }
  });
  return out;
}

/** fleet.yaml `namespace`/`workloads` override the provider's. */
function workloadTarget(input: SoakInput): { namespace: string; names: string[] } | undefined {
  const fromProvider = input.provider.workloads?.(input.service);
  const namespace = input.service.namespace ?? fromProvider?.namespace;
  const names = input.service.workloads ?? fromProvider?.names;
  return namespace && names?.length ? { namespace, names } : undefined;
}
