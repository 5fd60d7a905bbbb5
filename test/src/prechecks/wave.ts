import { Fleet } from '../../../config/fleet.ts';
import { UpgradeRequest } from '../../../config/upgrade.ts';
import type { CheckOutcome, ServiceProvider } from '../../../src/ports/service-provider.ts';
import type { PrecheckInput } from '../../../src/rollout/wave-checks.ts';
import type { FakeCluster } from '../../fakes/clusters.ts';
import type { FakeSeries } from '../../fakes/metrics.ts';

export const NOW = new Date('2026-03-02T09:00:00.000Z');
export const ERRORS_QUERY = 'sum:mesh.errors{$clusters} by {kube_cluster_name}';
const SUPPORTED = ['1.27', '1.28', '1.29'];

/**
 * A small provider with every optional hook, so each generic check has something to ask: istiod in
 * mesh-system, Kubernetes 1.27–1.29, one soak metric, and a replica-count check of its own.
 */
export const meshProvider = {
  id: 'mesh',
  strategies: ['in-place'],
  checkService: () => [],
  charts: () => [{ name: 'istiod', required: true }],
  checkVersion: () => undefined,
  compareVersions: (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }),
  checkUpgradePath: ({ from, to }: { from: string; to: string; strategy: string }) => {
    const minor = (v: string) => Number(v.split('.')[1]);
    const step = minor(to) - minor(from);
    return step > 1 ? `mesh ${from} → ${to} crosses ${step} minor versions; in-place allows 1` : undefined;
  },
  workloads: () => ({ namespace: 'mesh-system', names: ['deployment/istiod'] }),
  checkKubernetes: (version: string, minor: string) =>
    SUPPORTED.includes(minor) ? undefined : `mesh ${version} supports Kubernetes 1.27–1.29, not ${minor}`,
  soakMetrics: () => [{ name: 'errors', kind: 'ratio' as const, query: ERRORS_QUERY }],
  prechecks: async (ctx): Promise<CheckOutcome[]> => {
    const [istiod] = await ctx.clusters.list(ctx.cluster.name, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'mesh-system',
      labelSelector: 'app=istiod',
    });
    const replicas = Number(istiod?.spec?.replicas ?? 0);
    return replicas >= 2
      ? [{ check: 'replicas', status: 'pass', reason: `istiod has ${replicas} replicas` }]
      : [{ check: 'replicas', status: 'fail', reason: `istiod has ${replicas} replica; in-place needs 2` }];
  },
} satisfies ServiceProvider;

/** A cluster where every check passes: ready API on 1.29, istiod healthy and applied at 1.19.3. */
export function healthyCluster(): FakeCluster {
  return {
    api: { ready: true, version: '1.29' },
    notReadyNodes: [],
    workloads: { 'mesh-system/deployment/istiod': {} },
    releases: { 'HelmRelease/mesh-system/istiod': { version: '1.19.3' } },
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'istiod', namespace: 'mesh-system', labels: { app: 'istiod' } },
        spec: { replicas: 2 },
      },
    ],
  };
}

/** Ten minutes of error-ratio points ending at NOW for each cluster. */
export function errorSeries(clusters: readonly string[]): Record<string, FakeSeries> {
  const end = NOW.getTime() / 1000;
  const points = Array.from({ length: 10 }, (_, i) => [end - 600 + i * 60, 0.01] as const);
  return { [ERRORS_QUERY]: Object.fromEntries(clusters.map((c) => [c, points])) };
}

/** Wave 2 of 4 (dev-wave-1) moving `names` from 1.19.3 to 1.20.0, on a fleet with Datadog. */
export function waveInput(
  names: readonly string[],
  options: { provider?: ServiceProvider; metrics?: boolean; from?: string } = {},
): PrecheckInput {
  const fleet = Fleet.parse({
    apiVersion: 'guard/v1',
    kind: 'Fleet',
    batches: ['test', 'dev-wave-1', 'staging', 'prod'],
    ...(options.metrics === false ? {} : { metrics: { provider: 'datadog' } }),
    clusters: names.map((name) => ({ name, batch: 'dev-wave-1', environment: 'dev' })),
    services: { mesh: { provider: 'mesh', files: ['clusters/{cluster}/mesh/*.yaml'] } },
  });
  const from = options.from ?? '1.19.3';
  return {
    fleet,
    serviceName: 'mesh',
    service: fleet.services.mesh!,
    provider: options.provider ?? meshProvider,
    request: UpgradeRequest.parse({
      apiVersion: 'guard/v1',
      kind: 'UpgradeRequest',
      service: 'mesh',
      version: '1.20.0',
    }),
    version: '1.20.0',
    strategy: 'in-place',
    wave: { index: 2, count: 4, batch: 'dev-wave-1' },
    clusters: names.map((name) => ({
      name,
      environment: 'dev',
      fields: [
        {
          file: `clusters/${name}/mesh/istiod.yaml`,
          chart: 'istiod',
          resource: 'HelmRelease mesh-system/istiod',
          field: 'spec.chart.spec.version',
          from,
          to: '1.20.0',
        },
      ],
    })),
    now: NOW,
  };
}

/** A timer that fires once everything already answerable has answered (no real waiting). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
