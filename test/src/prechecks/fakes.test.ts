// The fakes other suites build on (test/fakes/): what they promise beyond the obvious.
import { describe, expect, it } from 'vitest';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { createFakeMetrics } from '../../fakes/metrics.ts';

describe('fake clusters', () => {
  const pod = (name: string, labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'apps', labels },
  });

  it('lists objects by kind, namespace and an equality label selector', async () => {
    const clusters = createFakeClusters({
      clusters: { a: { objects: [pod('p1', { app: 'web', tier: 'front' }), pod('p2', { app: 'db' })] } },
    });

    const names = async (labelSelector: string) =>
      (await clusters.list('a', { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', labelSelector })).map(
        (o) => o.metadata.name,
      );

    expect(await names('app=web')).toEqual(['p1']);
    expect(await names('app!=web')).toEqual(['p2']);
    expect(await names('tier')).toEqual(['p1']);
    expect(await names('!tier,app==db')).toEqual(['p2']);
  });

  it('stamps restartedAt on restarted workloads so a rerun can see it, and records the call', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'apps' },
    };
    const clusters = createFakeClusters({
      clusters: { a: { objects: [deployment] } },
      now: () => new Date('2026-03-02T09:00:00Z'),
    });

    await clusters.restart('a', 'apps', ['deployment/web']);

    const [web] = await clusters.list('a', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(web?.spec).toEqual({
      template: {
        metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-03-02T09:00:00.000Z' } },
      },
    });
    expect(clusters.restarts).toEqual([{ cluster: 'a', namespace: 'apps', names: ['deployment/web'] }]);
  });

  it('answers applied from the version a release runs', async () => {
    const clusters = createFakeClusters({
      clusters: { a: { releases: { 'Application/argocd/web': { version: '2.0.0' } } } },
    });
    const ref = { kind: 'Application' as const, namespace: 'argocd', name: 'web' };

    expect(await clusters.applied('a', ref, '2.0.0')).toEqual({ state: 'applied' });
    expect(await clusters.applied('a', ref, '2.1.0')).toEqual({
      state: 'pending',
      reason: 'runs 2.0.0, not 2.1.0',
    });
    // As the Kubernetes adapter answers (test/contract/clusters.contract.ts): not ready, never a throw.
    expect(await clusters.apiStatus('nowhere')).toMatchObject({
      ready: false,
      reason: /unknown cluster 'nowhere'/,
    });
    await expect(clusters.notReadyNodes('nowhere')).rejects.toThrow(/^nowhere: unknown cluster 'nowhere'/);
  });
});

describe('fake metrics', () => {
  it('answers only the asked clusters and the points inside the window, and records the query', async () => {
    const metrics = createFakeMetrics({
      series: {
        q: {
          a: [
            [100, 1],
            [200, 2],
            [300, 3],
          ],
          b: [[500, 9]],
          c: [[200, 4]],
        },
      },
    });
    const query = { query: 'q', clusters: ['a', 'b'], from: 150_000, to: 300_000, stepMs: 60_000 };

    const series = await metrics.series(query);

    expect([...series]).toEqual([
      [
        'a',
        [
          [200, 2],
          [300, 3],
        ],
      ],
    ]);
    expect(metrics.calls).toEqual([{ method: 'series', input: query }]);
  });

  it('reports alerts per asked cluster and records marks', async () => {
    const metrics = createFakeMetrics({ alerts: { a: ['disk full'] } });

    const alerts = await metrics.alerts(['a', 'b']);
    await metrics.mark({ title: 'wave merged', text: 'istio 1.20.0', clusters: ['a'] });

    expect(Object.fromEntries(alerts)).toEqual({ a: [{ name: 'disk full' }], b: [] });
    expect(metrics.marks).toEqual([{ title: 'wave merged', text: 'istio 1.20.0', clusters: ['a'] }]);
  });
});
