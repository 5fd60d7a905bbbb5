import type { Logger } from '../engine/logger.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { ClusterEvents } from './event-section.ts';
import type { WaveEvidence } from './wave-evidence.ts';

export interface EventLimits {
  /** Failing clusters asked for events at most (the rest are named, not read). */
  clusters: number;
  /** Events per cluster at most. */
  perCluster: number;
  /** One cluster's answer is waited for this long. */
  timeoutMs: number;
}

/**
 * Recent events of the service's workloads on the wave's failing clusters, since the merge (an hour
 * before the failure when the wave was never merged), all clusters at once, each bounded in time.
 * A cluster that cannot answer is marked unavailable and logged; it never stops the analysis.
 */
export async function gatherEvents(
  clusters: Clusters | undefined,
  evidence: WaveEvidence,
  limits: EventLimits,
  log: Logger,
): Promise<ClusterEvents[]> {
  const { namespace, names } = evidence.workloads;
  if (!clusters || !namespace || names.length === 0) return [];
  const since = new Date(evidence.mergedAt ?? Date.parse(evidence.failure.at) - 3_600_000);
  const failing = evidence.clusters.filter((c) => c.failing).slice(0, limits.clusters);
  return Promise.all(
    failing.map(async ({ name }): Promise<ClusterEvents> => {
      const query = { namespace, workloads: names, since, limit: limits.perCluster };
      try {
        return { cluster: name, events: await within(clusters.events(name, query), limits.timeoutMs) };
      } catch (error) {
        log.warn(
          { cluster: name, err: (error as Error).message.slice(0, 300) },
          'events not read for analysis',
        );
        return { cluster: name, events: [], unavailable: true };
      }
    }),
  );
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
