import { Fleet } from '../../../config/fleet.ts';
import { UpgradeRequest } from '../../../config/upgrade.ts';
import type { FiringAlert, Metrics, Point, SeriesQuery } from '../../../src/ports/metrics.ts';
import type { ServiceProvider, SoakMetric } from '../../../src/ports/service-provider.ts';
import type { SoakInput } from '../../../src/rollout/wave-checks.ts';

export const MERGED = new Date('2024-05-06T10:00:00Z');
export const APPLIED = new Date('2024-05-06T10:05:00Z');

/** A fleet of `wave` clusters in batch prod plus `controls` in batch later, all environment prod. */
export function soakInput(opts: {
  wave: string[];
  controls?: string[];
  now: Date;
  metrics: SoakMetric[];
  soakNote?: string;
  baseline?: unknown;
}): SoakInput {
  const controls = opts.controls ?? [];
  const fleet = Fleet.parse({
    apiVersion: 'guard/v1',
    kind: 'Fleet',
    batches: ['prod', 'later'],
    metrics: { provider: 'prometheus' },
    clusters: [
      ...opts.wave.map((name) => ({
        name,
        batch: 'prod',
        environment: 'prod',
        kubeconfig: { context: name },
      })),
      ...controls.map((name) => ({
        name,
        batch: 'later',
        environment: 'prod',
        kubeconfig: { context: name },
      })),
    ],
    services: {
      web: {
        provider: 'fake',
        files: ['clusters/{cluster}/web.yaml'],
        namespace: 'web',
        workloads: ['deployment/web'],
      },
    },
  });
  const request = UpgradeRequest.parse({
    apiVersion: 'guard/v1',
    kind: 'UpgradeRequest',
    service: 'web',
    version: '2.0.0',
    soak: { duration: '1h', interval: '1m', failAfter: 3 },
  });
  const provider: ServiceProvider = {
    id: 'fake',
    strategies: ['in-place'],
    checkService: () => [],
    charts: () => [{ name: 'web', required: true }],
    checkVersion: () => undefined,
    compareVersions: (a, b) => a.localeCompare(b),
    checkUpgradePath: () => undefined,
    soakMetrics: () => opts.metrics,
    ...(opts.soakNote ? { soakNote: opts.soakNote } : {}),
  };
  return {
    fleet,
    serviceName: 'web',
    service: fleet.services.web!,
    provider,
    request,
    version: '2.0.0',
    strategy: 'in-place',
    wave: { index: 2, count: 3, batch: 'prod' },
    clusters: opts.wave.map((name) => ({ name, environment: 'prod', fields: [] })),
    mergedAt: MERGED,
    appliedAt: APPLIED,
    now: opts.now,
    controls,
    ...(opts.baseline === undefined ? {} : { baseline: opts.baseline }),
  };
}

/** A Metrics fake: series from `valueAt(query, cluster, epochSec)`, recording every query. */
export function fakeMetrics(
  valueAt: (query: string, cluster: string, sec: number) => number | undefined,
  alerts: Record<string, (string | FiringAlert)[]> = {},
): Metrics & { queries: SeriesQuery[] } {
  const queries: SeriesQuery[] = [];
  return {
    queries,
    async series(q) {
      queries.push(q);
      const out = new Map<string, Point[]>();
      for (const cluster of q.clusters) {
        const points: Point[] = [];
        for (let t = Math.ceil(q.from / q.stepMs) * q.stepMs; t <= q.to; t += q.stepMs) {
          const v = valueAt(q.query, cluster, t / 1000);
          if (v !== undefined) points.push([t / 1000, v]);
        }
        out.set(cluster, points);
      }
      return out;
    },
    async alerts(clusters) {
      return new Map(
        clusters.map((c) => [c, (alerts[c] ?? []).map((a) => (typeof a === 'string' ? { name: a } : a))]),
      );
    },
    async mark() {},
    explorerUrl: ({ query, clusters }) =>
      `https://metrics.example/graph?q=${encodeURIComponent(query)}&c=${clusters.join(',')}`,
  };
}

/** Deterministic noise in [-1, 1] from a cluster name and a time. */
export function wobble(cluster: string, sec: number): number {
  let h = 2166136261;
  for (const ch of `${cluster}:${sec}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) / 4294967295) * 2 - 1;
}
