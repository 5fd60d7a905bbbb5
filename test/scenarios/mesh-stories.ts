import { serviceProviders } from '../../providers/services/api.ts';
import { istioSoakMetrics } from '../../providers/services/istio/soak-metrics.ts';
import type { Metrics } from '../../src/ports/metrics.ts';
import type { ServiceProvider } from '../../src/ports/service-provider.ts';
import { createSoakJudge } from '../../src/verdicts/soak-judge.ts';
import { createWorld, type World } from './world.ts';

/**
 * What a mesh's metrics backend holds for one story, per cluster of the scenario fleet: requests
 * (about 6,000 a minute), and the minute after the merge from which xDS config rejects start (5 a
 * minute), and a constant share of 5xx responses where a story says so. Nothing else exists: no
 * push-error or restart counters, no duration histogram, as on a new Istio mesh.
 */
export interface MeshStory {
  name: string;
  clusters: Record<string, { requests: boolean; rejectsFromMinute?: number; errorShare?: number }>;
  /** A monitor (Datadog) or alerting rule (Prometheus) firing for `cluster` from `fromMinute` after the story's start (negative: before it). */
  alert?: { cluster: string; name: string; fromMinute: number };
}

export const STORIES = {
  /** Both canaries serve requests and nothing ever goes wrong. */
  healthy: { name: 'healthy', clusters: { 'test-1': { requests: true }, 'test-2': { requests: true } } },
  /** test-2 starts rejecting xDS config 3 minutes after the merge: a counter with no series before. */
  rejecting: {
    name: 'rejecting',
    clusters: { 'test-1': { requests: true }, 'test-2': { requests: true, rejectsFromMinute: 3 } },
  },
  /** test-2 reports nothing at all (its metrics pipeline is broken). */
  silent: { name: 'silent', clusters: { 'test-1': { requests: true } } },
  /** test-1 has answered 7% of its requests with a 5xx for as long as anyone can see: flat, over the SLO. */
  slo: {
    name: 'slo',
    clusters: { 'test-1': { requests: true, errorShare: 0.07 }, 'test-2': { requests: true } },
  },
  /** Healthy metrics, but a monitor starts firing for test-2 three minutes after the merge. */
  alerting: {
    name: 'alerting',
    clusters: { 'test-1': { requests: true }, 'test-2': { requests: true } },
    alert: { cluster: 'test-2', name: 'MeshUpstreamResets', fromMinute: 3 },
  },
  /** Healthy metrics, and a monitor that has been firing for test-2 since half an hour before the merge. */
  alertedBefore: {
    name: 'alertedBefore',
    clusters: { 'test-1': { requests: true }, 'test-2': { requests: true } },
    alert: { cluster: 'test-2', name: 'NodeDiskPressure', fromMinute: -30 },
  },
} satisfies Record<string, MeshStory>;

export const REQUESTS_PER_MINUTE = 6000;
export const REJECTS_PER_MINUTE = 5;

/** Requests served by `cluster` in the minute ending at `sec` (±3%, deterministic). */
export function requestsAt(cluster: string, sec: number): number {
  let h = 2166136261;
  for (const ch of `${cluster}:${Math.floor(sec / 60)}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return Math.round(REQUESTS_PER_MINUTE * (1 + 0.03 * (((h >>> 0) / 4294967295) * 2 - 1)));
}

/**
 * The helm provider of the scenario fleet's promtail, soaked on Istio's default metrics instead of
 * its own: the scenario world's files stay simple while the queries are exactly Istio's.
 */
export function meshProvider(id: string): ServiceProvider | undefined {
  const provider = serviceProviders.get(id);
  if (id !== 'helm' || !provider) return provider;
  return { ...provider, soakMetrics: (_service, backend) => istioSoakMetrics('istio-system', backend) };
}

/** A scenario world soaking on `metrics` with the real soak judge, starting at `start`. */
export function meshWorld(options: {
  metrics: (clock: () => number) => Metrics;
  backend: 'datadog' | 'prometheus';
  start: Date;
  /** fleet.yaml `metrics:` entries of the service, one YAML flow mapping each. */
  serviceMetrics?: string[];
}): World {
  let world: World | undefined;
  const metrics = options.metrics(() => (world ? world.now().getTime() : options.start.getTime()));
  const judge = createSoakJudge({ metrics });
  world = createWorld({
    start: options.start,
    fleetExtra: [
      ...(options.serviceMetrics?.length
        ? ['    metrics:', ...options.serviceMetrics.map((m) => `      - ${m}`)]
        : []),
      `metrics: { provider: ${options.backend}, clusterTag: kube_cluster_name }`,
      '',
    ].join('\n'),
    soak: judge.soak,
    provider: meshProvider,
  });
  return world;
}
