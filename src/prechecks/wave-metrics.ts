import type { Metrics } from '../ports/metrics.ts';
import type { CheckOutcome, SoakMetric } from '../ports/service-provider.ts';
import type { PrecheckInput } from '../rollout/wave-checks.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { soakMetricsOf } from '../verdicts/soak-metrics.ts';
import { type Delay, withDeadline } from './deadline.ts';
import { CHECKS, errorText, fail, pass, plural, someOf, warn } from './outcome.ts';

const HOUR_MS = 3_600_000;
const STEP_MS = 60_000;

export interface WaveMetricDeps {
  metrics?: Metrics;
  timeoutMs: number;
  delay: Delay;
}

/**
 * Alerts and metric baselines for every cluster of the wave, asked once for the whole wave (one
 * alerts call, one query per soak metric) because the backends group by cluster anyway.
 */
export async function waveMetricChecks(
  input: PrecheckInput,
  deps: WaveMetricDeps,
): Promise<Map<string, CheckOutcome[]>> {
  const names = input.clusters.map((c) => c.name);
  const [alerts, baselines] = await Promise.all([
    alertChecks(names, deps),
    baselineChecks(input, names, deps),
  ]);
  return new Map(names.map((name) => [name, [alerts(name), baselines(name)]]));
}

type PerCluster = (cluster: string) => CheckOutcome;

async function alertChecks(names: string[], deps: WaveMetricDeps): Promise<PerCluster> {
  const { metrics } = deps;
  if (!metrics) return () => warn(CHECKS.alerts, 'not checked: the fleet has no metrics backend');
  try {
    const firing = await withDeadline(metrics.alerts(names), deps.timeoutMs, deps.delay);
    return (cluster) => {
      const list = (firing.get(cluster) ?? []).map((alert) => alert.name);
      if (list.length === 0) return pass(CHECKS.alerts, 'none firing');
      return fail(CHECKS.alerts, `${plural(list.length, 'alert')} firing: ${someOf(list)}`);
    };
  } catch (error) {
    if (error instanceof RateLimitedError) throw error;
    return () => fail(CHECKS.alerts, `metrics backend: ${errorText(error)}`);
  }
}

async function baselineChecks(
  input: PrecheckInput,
  names: string[],
  deps: WaveMetricDeps,
): Promise<PerCluster> {
  const backend = input.fleet.metrics?.provider;
  const { metrics } = deps;
  if (!metrics || !backend)
    return () => warn(CHECKS.baselines, 'not checked: the fleet has no metrics backend');
  const soak: SoakMetric[] = soakMetricsOf(input);
  if (soak.length === 0) return () => pass(CHECKS.baselines, 'no soak metrics to compare against');
  const to = input.now.getTime();
  const answers = await Promise.all(
    soak.map(async (metric) => {
      const query = { query: metric.query, clusters: names, from: to - HOUR_MS, to, stepMs: STEP_MS };
      try {
        return {
          metric: metric.name,
          series: await withDeadline(metrics.series(query), deps.timeoutMs, deps.delay),
        };
      } catch (error) {
        if (error instanceof RateLimitedError) throw error;
        return { metric: metric.name, error: errorText(error) };
      }
    }),
  );
  return (cluster) => {
    const errors = answers.flatMap((a) => (a.error ? [`${a.metric}: ${a.error}`] : []));
    if (errors.length > 0) return fail(CHECKS.baselines, errors.join('; '));
    // Missing data warns rather than fails: onNoData decides during the soak what it means.
    const missing = answers.filter((a) => (a.series?.get(cluster)?.length ?? 0) === 0).map((a) => a.metric);
    if (missing.length > 0) return warn(CHECKS.baselines, `no baseline data for ${someOf(missing)}`);
    return pass(CHECKS.baselines, `${plural(soak.length, 'metric')} with data over the last hour`);
  };
}
