import type { Clusters } from '../ports/clusters.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { CheckOutcome } from '../ports/service-provider.ts';
import type { PrecheckInput, PrecheckReport, WaveChecks } from '../rollout/wave-checks.ts';
import { mapBounded } from '../util/map-bounded.ts';
import { type Delay, realDelay } from './deadline.ts';
import { CHECKS, oneLine } from './outcome.ts';
import { type PrecheckRow, precheckTitle } from './precheck-title.ts';
import { renderPrecheck } from './render-precheck.ts';
import { runCluster } from './run-cluster.ts';
import { waveMetricChecks } from './wave-metrics.ts';

/** Where a check that threw or timed out is logged (pino's `warn(details, message)` fits). */
export interface PrecheckLog {
  warn(details: object, message: string): void;
}

export interface PrecheckDeps {
  clusters: Clusters;
  /** Absent when the fleet has no metrics backend: alerts and baselines then warn. */
  metrics?: Metrics;
  /** Clusters checked at once; each runs its checks one after another, so this bounds API calls too. */
  concurrency?: number;
  /** Deadline for one cluster's row, and for each metrics call. */
  timeoutMs?: number;
  log?: PrecheckLog;
  /** Timer behind the deadlines; tests inject one that fires without real waiting. */
  delay?: Delay;
}

/**
 * Prechecks of DESIGN section 6 for every cluster of a wave: the API server, nodes, the service's
 * workloads, drift, upgrade path, Kubernetes support, alerts, metric baselines, then the provider's
 * own checks. A slow or broken cluster costs its own row, never the report.
 */
export function createPrechecks({
  clusters,
  metrics,
  concurrency = 8,
  timeoutMs = 20_000,
  log,
  delay = realDelay,
}: PrecheckDeps): Pick<WaveChecks, 'prechecks'> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`prechecks concurrency must be a whole number of at least 1, got ${concurrency}`);
  if (!(timeoutMs > 0)) throw new Error(`prechecks timeoutMs must be a positive number, got ${timeoutMs}`);
  const onError = (details: { cluster: string; check: string; error: string }) =>
    log?.warn(details, 'precheck did not complete');
  return {
    async prechecks(input: PrecheckInput): Promise<PrecheckReport> {
      const clusterDeps = { clusters, ...(metrics ? { metrics } : {}), timeoutMs, delay, onError };
      const [perCluster, fromMetrics] = await Promise.all([
        mapBounded(input.clusters, concurrency, (wc) => runCluster(input, wc, clusterDeps)),
        waveMetricChecks(input, { ...(metrics ? { metrics } : {}), timeoutMs, delay }),
      ]);
      const columns = columnsOf(perCluster.concat([...fromMetrics.values()]));
      const rows: PrecheckRow[] = input.clusters.map((wc, i) => ({
        cluster: wc.name,
        outcomes: inColumnOrder([...perCluster[i]!, ...(fromMetrics.get(wc.name) ?? [])], columns),
      }));
      const title = precheckTitle(rows);
      return {
        passed: rows.every((r) => r.outcomes.every((o) => o.status !== 'fail')),
        title,
        markdown: renderPrecheck(input, title, rows, columns),
        rows,
      };
    },
  };
}

/** The generic checks in their fixed order, then provider checks in the order they first appear. */
function columnsOf(outcomeLists: readonly CheckOutcome[][]): string[] {
  const columns: string[] = Object.values(CHECKS);
  for (const o of outcomeLists.flat()) if (!columns.includes(o.check)) columns.push(o.check);
  return columns;
}

function inColumnOrder(outcomes: readonly CheckOutcome[], columns: readonly string[]): CheckOutcome[] {
  return outcomes
    .map((o) => ({ ...o, reason: oneLine(o.reason) }))
    .sort((a, b) => columns.indexOf(a.check) - columns.indexOf(b.check));
}
