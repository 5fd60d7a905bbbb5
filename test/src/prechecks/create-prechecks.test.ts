import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/ports/service-provider.ts';
import { createPrechecks } from '../../../src/prechecks/create-prechecks.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { createFakeClusters, type FakeCluster } from '../../fakes/clusters.ts';
import { createFakeMetrics, type FakeMetricsSpec } from '../../fakes/metrics.ts';
import { errorSeries, healthyCluster, meshProvider, waveInput } from './wave.ts';

const CLUSTER = 'dev-euw1';

/** Prechecks of a one-cluster wave, after `change` altered an otherwise healthy world. */
async function precheckOne(
  change: (world: { cluster: FakeCluster; metrics: FakeMetricsSpec }) => void = () => {},
) {
  const world = { cluster: healthyCluster(), metrics: { series: errorSeries([CLUSTER]) } as FakeMetricsSpec };
  change(world);
  const clusters = createFakeClusters({ clusters: { [CLUSTER]: world.cluster } });
  const metrics = createFakeMetrics(world.metrics);
  const report = await createPrechecks({ clusters, metrics }).prechecks(waveInput([CLUSTER]));
  return report;
}

function notPassing(outcomes: readonly CheckOutcome[]): CheckOutcome[] {
  return outcomes.filter((o) => o.status !== 'pass');
}

describe('prechecks', () => {
  it('passes every check, in column order, on a healthy cluster', async () => {
    const report = await precheckOne();

    expect(report.passed).toBe(true);
    expect(report.title).toBe('prechecks passed: 1 cluster');
    expect(report.rows[0]!.outcomes).toEqual([
      { check: 'api', status: 'pass', reason: 'ready, Kubernetes 1.29' },
      { check: 'nodes', status: 'pass', reason: 'all nodes Ready' },
      { check: 'workloads', status: 'pass', reason: '1 of 1 ready' },
      { check: 'drift', status: 'pass', reason: 'HelmRelease mesh-system/istiod applied at 1.19.3' },
      { check: 'upgrade-path', status: 'pass', reason: '1.19.3 → 1.20.0 (in-place)' },
      { check: 'kubernetes', status: 'pass', reason: '1.20.0 supports Kubernetes 1.29' },
      { check: 'alerts', status: 'pass', reason: 'none firing' },
      { check: 'baselines', status: 'pass', reason: '1 metric with data over the last hour' },
      { check: 'replicas', status: 'pass', reason: 'istiod has 2 replicas' },
    ]);
  });

  describe('when one check fails on its own', () => {
    const cases: [string, (w: { cluster: FakeCluster; metrics: FakeMetricsSpec }) => void, CheckOutcome][] = [
      [
        'a node is NotReady',
        (w) => {
          w.cluster.notReadyNodes = ['ip-10-0-1-5'];
        },
        { check: 'nodes', status: 'fail', reason: '1 node NotReady: ip-10-0-1-5' },
      ],
      [
        'a workload is not ready',
        (w) => {
          w.cluster.workloads = {
            'mesh-system/deployment/istiod': { ready: false, reason: '1 of 2 available' },
          };
        },
        { check: 'workloads', status: 'fail', reason: 'deployment/istiod not ready (1 of 2 available)' },
      ],
      [
        'a workload is crash-looping',
        (w) => {
          w.cluster.workloads = { 'mesh-system/deployment/istiod': { crashLooping: true, restarts: 14 } };
        },
        { check: 'workloads', status: 'fail', reason: 'deployment/istiod in CrashLoopBackOff' },
      ],
      [
        'a workload is missing',
        (w) => {
          w.cluster.workloads = {};
        },
        { check: 'workloads', status: 'fail', reason: 'deployment/istiod not ready (not found)' },
      ],
      [
        'the cluster runs another version than Git says (drift)',
        (w) => {
          w.cluster.releases = { 'HelmRelease/mesh-system/istiod': { version: '1.19.2' } };
        },
        {
          check: 'drift',
          status: 'fail',
          reason: 'HelmRelease mesh-system/istiod pending at 1.19.3: runs 1.19.2, not 1.19.3',
        },
      ],
      [
        'the last reconcile failed',
        (w) => {
          w.cluster.releases = {
            'HelmRelease/mesh-system/istiod': {
              version: '1.19.3',
              state: 'failed',
              reason: 'upgrade retries exhausted',
            },
          };
        },
        {
          check: 'drift',
          status: 'fail',
          reason: 'HelmRelease mesh-system/istiod failed at 1.19.3: upgrade retries exhausted',
        },
      ],
      [
        'the Kubernetes version is not supported by the target',
        (w) => {
          w.cluster.api = { ready: true, version: '1.24' };
        },
        {
          check: 'kubernetes',
          status: 'fail',
          reason: 'mesh 1.20.0 supports Kubernetes 1.27–1.29, not 1.24',
        },
      ],
      [
        'an alert is firing',
        (w) => {
          w.metrics.alerts = { [CLUSTER]: ['[P2] mesh 5xx ratio high'] };
        },
        { check: 'alerts', status: 'fail', reason: '1 alert firing: [P2] mesh 5xx ratio high' },
      ],
      [
        'a soak metric has no baseline data (a warning: onNoData decides later)',
        (w) => {
          w.metrics.series = {};
        },
        { check: 'baselines', status: 'warn', reason: 'no baseline data for errors' },
      ],
      [
        "the provider's own check fails",
        (w) => {
          w.cluster.objects![0]!.spec = { replicas: 1 };
        },
        { check: 'replicas', status: 'fail', reason: 'istiod has 1 replica; in-place needs 2' },
      ],
    ];

    it.each(cases)('%s', async (_name, change, expected) => {
      const report = await precheckOne(change);

      expect(notPassing(report.rows[0]!.outcomes)).toEqual([expected]);
      expect(report.passed).toBe(expected.status !== 'fail');
    });
  });

  describe('when a service asks GUARD to wait (a rate limit)', () => {
    const limited = async (): Promise<never> => {
      throw new RateLimitedError({ client: 'test', retryAfterMs: 20_000, reason: 'rate-limit' });
    };
    const ports = () => ({
      clusters: createFakeClusters({ clusters: { [CLUSTER]: healthyCluster() } }),
      metrics: createFakeMetrics({ series: errorSeries([CLUSTER]) }),
    });
    const cases: [string, (p: ReturnType<typeof ports>) => void][] = [
      [
        'the API status',
        (p) => {
          p.clusters.apiStatus = limited;
        },
      ],
      [
        'the workloads',
        (p) => {
          p.clusters.workloads = limited;
        },
      ],
      [
        'the alerts',
        (p) => {
          p.metrics.alerts = limited;
        },
      ],
      [
        'the baseline series',
        (p) => {
          p.metrics.series = limited;
        },
      ],
    ];

    it.each(cases)('hands the limit on from %s instead of failing a check', async (_name, limit) => {
      const p = ports();
      limit(p);

      const report = createPrechecks(p).prechecks(waveInput([CLUSTER]));

      await expect(report).rejects.toBeInstanceOf(RateLimitedError);
    });
  });

  it('refuses an upgrade path the provider does not allow', async () => {
    const clusters = createFakeClusters({ clusters: { [CLUSTER]: healthyCluster() } });
    clusters.spec.clusters[CLUSTER]!.releases = { 'HelmRelease/mesh-system/istiod': { version: '1.18.4' } };
    const metrics = createFakeMetrics({ series: errorSeries([CLUSTER]) });

    const report = await createPrechecks({ clusters, metrics }).prechecks(
      waveInput([CLUSTER], { from: '1.18.4' }),
    );

    expect(notPassing(report.rows[0]!.outcomes)).toEqual([
      {
        check: 'upgrade-path',
        status: 'fail',
        reason: 'mesh 1.18.4 → 1.20.0 crosses 2 minor versions; in-place allows 1',
      },
    ]);
    expect(report.title).toBe('prechecks failed: 1 of 1 cluster — upgrade-path on dev-euw1');
  });

  it('warns that drift is not checked for a version field no GitOps object applies', async () => {
    const clusters = createFakeClusters({ clusters: { [CLUSTER]: healthyCluster() } });
    const metrics = createFakeMetrics({ series: errorSeries([CLUSTER]) });
    const input = waveInput([CLUSTER]);
    const [field] = input.clusters[0]!.fields;
    const kustomize = {
      ...field!,
      resource: 'Kustomization helmCharts[0] istiod',
      field: 'helmCharts[0].version',
    };
    input.clusters[0]!.fields.splice(0, 1, kustomize);

    const report = await createPrechecks({ clusters, metrics }).prechecks(input);

    expect(notPassing(report.rows[0]!.outcomes)).toEqual([
      {
        check: 'drift',
        status: 'warn',
        reason:
          'not checked: Kustomization helmCharts[0] istiod has no HelmRelease or Application to read its reconcile state from',
      },
    ]);
  });

  it('skips the checks that need the API server when it is not ready', async () => {
    const report = await precheckOne((w) => {
      w.cluster.api = { ready: false, reason: 'readyz: etcd check failed' };
    });

    expect(report.rows[0]!.outcomes.map((o) => [o.check, o.status])).toEqual([
      ['api', 'fail'],
      ['upgrade-path', 'pass'],
      ['alerts', 'pass'],
      ['baselines', 'pass'],
    ]);
    expect(report.rows[0]!.outcomes[0]!.reason).toBe('API server not ready: readyz: etcd check failed');
  });

  it('warns instead of checking alerts and baselines when the fleet has no metrics backend', async () => {
    const clusters = createFakeClusters({ clusters: { [CLUSTER]: healthyCluster() } });

    const report = await createPrechecks({ clusters }).prechecks(waveInput([CLUSTER], { metrics: false }));

    expect(notPassing(report.rows[0]!.outcomes)).toEqual([
      { check: 'alerts', status: 'warn', reason: 'not checked: the fleet has no metrics backend' },
      { check: 'baselines', status: 'warn', reason: 'not checked: the fleet has no metrics backend' },
    ]);
    expect(report.passed).toBe(true);
  });

  it('passes the Kubernetes check, saying so, when the provider states no supported range', async () => {
    const { checkKubernetes: _, ...withoutData } = meshProvider;
    const clusters = createFakeClusters({ clusters: { [CLUSTER]: healthyCluster() } });
    const metrics = createFakeMetrics({ series: errorSeries([CLUSTER]) });

    const report = await createPrechecks({ clusters, metrics }).prechecks(
      waveInput([CLUSTER], { provider: withoutData }),
    );

    expect(notPassing(report.rows[0]!.outcomes)).toEqual([]);
    expect(report.rows[0]!.outcomes.find((o) => o.check === 'kubernetes')).toEqual({
      check: 'kubernetes',
      status: 'pass',
      reason: 'no Kubernetes range stated by the mesh provider',
    });
  });
});
