import { parseDuration } from '../../config/common.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { SoakInput, SoakReport, WaveChecks } from '../rollout/wave-checks.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { clusterVerdict } from './combine-checks.ts';
import { alertCheck, type HealthCheck, unavailable, workloadChecks } from './health-checks.ts';
import type { MetricCheck } from './judge-metric.ts';
import { judgeSpec } from './judge-spec.ts';
import { keyedRecord } from './keyed-record.ts';
import { type MetricSpec, resolveMetric } from './metric-spec.ts';
import { createChartCollector } from './soak-chart-record.ts';
import { soakMetricsOf } from './soak-metrics.ts';
import { clusterSummary, renderSoakReport } from './soak-report.ts';
import { aliveByRange, fetchSpec, type Timing } from './soak-series.ts';
import { baselineLookbackMs, queryStepMs } from './soak-timing.ts';
import { readStoredBaseline, type StoredBaseline } from './stored-baseline.ts';
import type { Verdict } from './window-test.ts';

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
  /**
   * Whether the report carries the rollout page's chart record (default yes). Off when nothing
   * keeps it (GUARD_UI off): collecting 5,000 charts per 1,000-cluster tick was an eighth of it.
   */
  charts?: boolean;
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

async function judgeSoak(deps: SoakJudgeDeps, input: SoakInput): Promise<SoakReport> {
  const timing = timingOf(input);
  const specs = metricSpecs(input);
  const stored = readStoredBaseline(input.baseline, input.mergedAt);
  const wave = input.clusters.map((c) => c.name);
  const next: StoredBaseline = { v: 1, mergedAt: input.mergedAt.toISOString(), metrics: {} };
  const all = [...wave, ...input.controls];
  const mergedAtMs = input.mergedAt.getTime();
  const charts = deps.charts === false ? undefined : createChartCollector();
  const [fetched, health] = await Promise.all([
    Promise.all(specs.map((spec) => fetchSpec(deps.metrics, spec, all, mergedAtMs, timing, stored))),
    healthChecks(deps, input, stored, next),
  ]);
  for (const f of fetched) {
    if ('error' in f)
      deps.log?.warn({ metric: f.spec.name, error: (f.error as Error).message }, 'soak metric query failed');
  }
  const alive = aliveByRange(fetched);
  const metricChecks = fetched.map((f) => {
    const judged = judgeSpec({
      fetched: f,
      wave,
      controls: input.controls,
      mergedAtMs,
      timing,
      stored,
      alive,
      ...(charts ? { charts } : {}),
    });
    if (!('error' in f)) next.metrics[f.spec.name] = judged.bases;
    return judged.checks;
  });
  const clusters = wave.map((cluster) => {
    const checks = health.get(cluster) ?? [];
    const found = metricChecks.map((byCluster) => byCluster.get(cluster)!);
    const verdict = clusterVerdict(found, checks);
    const metrics = verdict === 'fail' ? found.map((m) => withLink(deps, m, cluster, timing)) : found;
    return { cluster, verdict, metrics, health: checks };
  });
  const { title, markdown } = renderSoakReport({
    heading: `${input.serviceName} ${input.version}, wave ${input.wave.index}/${input.wave.count} (${input.wave.batch})`,
    evaluatedAt: input.now,
    soakSince: input.appliedAt,
    baseline: { from: new Date(input.mergedAt.getTime() - timing.lookbackMs), to: input.mergedAt },
    controls: input.controls,
    ...(input.provider.soakNote ? { note: input.provider.soakNote } : {}),
    clusters,
    limit: EVIDENCE_LIMIT,
  });
  return {
    verdicts: verdictsOf(clusters),
    reasons: Object.fromEntries(
      clusters.filter((c) => c.verdict !== 'pass').map((c) => [c.cluster, clusterSummary(c)]),
    ),
    title,
    markdown,
    baseline: next,
    ...(charts && {
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
    }),
  };
}

/** Each cluster's verdict, by cluster (a record built for a thousand keys; keyed-record.ts). */
function verdictsOf(clusters: readonly { cluster: string; verdict: Verdict }[]): Record<string, Verdict> {
  const verdicts = keyedRecord<Verdict>();
  for (const c of clusters) verdicts[c.cluster] = c.verdict;
  return verdicts;
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

/**
 * The evidence is cut here, between clusters and rows, with a note of what was left out: the
 * engine keeps 20,000 characters of it while soaking (src/rollout/decide-evidence.ts) and 16,000
 * on a failed wave (the rollback MR's body quotes it; src/engine/compact-state.ts), and cutting
 * mid-table would break the markdown.
 */
const EVIDENCE_LIMIT = 16_000;

/** A failing cluster's metric links to the backend's UI over the last hour of the soak. */
function withLink(deps: SoakJudgeDeps, check: MetricCheck, cluster: string, timing: Timing): MetricCheck {
  if (!check.query) return check;
  try {
    const link = deps.metrics.explorerUrl({
      query: check.query,
      clusters: [cluster],
      from: timing.toMs - 3_600_000,
      to: timing.toMs,
    });
    return link ? { ...check, link } : check;
  } catch {
    return check; // a link is a convenience, never a reason to lose the evaluation
  }
}

/** The provider's default metrics for the fleet's backend, then the service's own from fleet.yaml. */
export function metricSpecs(input: Pick<SoakInput, 'fleet' | 'provider' | 'service'>): MetricSpec[] {
  return soakMetricsOf(input).map(resolveMetric);
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
  if (input.fleet.metrics?.alerts !== 'ignore') await alertChecks(deps, input, stored, next, out);
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
      if (err instanceof RateLimitedError) throw err;
      deps.log?.warn({ cluster: c, error: (err as Error).message }, 'soak workload check failed');
      out.get(c)!.push(unavailable('workloads', err));
      if (stored?.restarts?.[c]) next.restarts![c] = stored.restarts[c];
    }
  });
  return out;
}

/**
 * One alerts call for the wave. Alerts without a start time seen at the first evaluation are
 * remembered as there before the soak, so they never fail a later one.
 */
async function alertChecks(
  deps: SoakJudgeDeps,
  input: SoakInput,
  stored: StoredBaseline | undefined,
  next: StoredBaseline,
  out: Map<string, HealthCheck[]>,
): Promise<void> {
  const wave = input.clusters.map((c) => c.name);
  const mergedAtMs = input.mergedAt.getTime();
  try {
    const alerts = await deps.metrics.alerts(wave);
    next.alerts =
      stored?.alerts ??
      Object.fromEntries(
        wave.map((c) => [c, (alerts.get(c) ?? []).filter((a) => a.since === undefined).map((a) => a.name)]),
      );
    for (const c of wave) out.get(c)!.push(alertCheck(alerts.get(c), mergedAtMs, next.alerts[c]));
  } catch (err) {
    if (err instanceof RateLimitedError) throw err;
    deps.log?.warn({ error: (err as Error).message }, 'soak alerts query failed');
    for (const c of wave) out.get(c)!.push(unavailable('alerts', err));
    if (stored?.alerts) next.alerts = stored.alerts;
  }
}

/** fleet.yaml `namespace`/`workloads` override the provider's. */
function workloadTarget(input: SoakInput): { namespace: string; names: string[] } | undefined {
  const fromProvider = input.provider.workloads?.(input.service);
  const namespace = input.service.namespace ?? fromProvider?.namespace;
  const names = input.service.workloads ?? fromProvider?.names;
  return namespace && names?.length ? { namespace, names } : undefined;
}
