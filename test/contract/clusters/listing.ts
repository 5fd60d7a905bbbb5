import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/ports/clusters.ts';
import { CLUSTER, type ClustersContractContext } from './context.ts';
import { helmRelease, history, node, pod, ready, readyDeployment } from './objects.ts';

const PODS = [
  pod('istio-system', 'istiod-1', { app: 'istiod', tier: 'control' }, [['discovery', 0]]),
  pod('logging', 'promtail-1', { app: 'promtail' }, [['promtail', 0]]),
  pod('default', 'web-1', { app: 'web', 'istio.io/rev': 'default' }, [
    ['web', 0],
    ['istio-proxy', 0],
  ]),
  pod('default', 'batch-1', { app: 'batch' }, [['batch', 0]]),
];

/** list: objects of any served kind as the API returns them, by namespace and label selector. */
export function describeListing(ctx: ClustersContractContext): void {
  const names = (objects: readonly KubeObject[]) => objects.map((o) => o.metadata.name).sort();
  const pods = (labelSelector?: string, namespace?: string) =>
    ctx.h.clusters.list(CLUSTER, {
      apiVersion: 'v1',
      kind: 'Pod',
      ...(namespace ? { namespace } : {}),
      ...(labelSelector ? { labelSelector } : {}),
    });

  describe('list', () => {
    it('lists across namespaces by label selector, each object whole and carrying apiVersion and kind', async () => {
      ctx.h.seed(PODS);

      const found = await pods('istio.io/rev=default');

      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-1', namespace: 'default' },
      });
      expect(found[0]?.status?.containerStatuses).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'istio-proxy' })]),
      );
    });

    it.each([
      ['app in (istiod,promtail)', ['istiod-1', 'promtail-1']],
      ['app notin (istiod,promtail)', ['batch-1', 'web-1']],
      ['app!=web', ['batch-1', 'istiod-1', 'promtail-1']],
      ['tier', ['istiod-1']],
      ['!tier,app==batch', ['batch-1']],
    ])('selects by %s as the API server does', async (selector, expected) => {
      ctx.h.seed(PODS);

      expect(names(await pods(selector))).toEqual(expected);
    });

    it('keeps to one namespace when asked', async () => {
      ctx.h.seed(PODS);

      expect(names(await pods(undefined, 'default'))).toEqual(['batch-1', 'web-1']);
    });

    it('lists cluster-scoped kinds and named groups', async () => {
      ctx.h.seed([
        node('a', 'True'),
        node('b', 'False'),
        readyDeployment('istio-system', 'istiod'),
        readyDeployment('logging', 'gw'),
      ]);

      const nodes = await ctx.h.clusters.list(CLUSTER, { apiVersion: 'v1', kind: 'Node' });
      const deployments = await ctx.h.clusters.list(CLUSTER, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'istio-system',
      });

      expect(names(nodes)).toEqual(['a', 'b']);
      expect(deployments).toEqual([
        expect.objectContaining({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: expect.objectContaining({ name: 'istiod' }),
        }),
      ]);
    });

    it('answers a custom resource stored at another version of its group at the version asked', async () => {
      ctx.h.seed([
        helmRelease(
          'beta',
          2,
          {
            observedGeneration: 2,
            conditions: [ready('True', 'ReconciliationSucceeded')],
            history: history('1.20.0'),
          },
          'helm.toolkit.fluxcd.io/v2beta2',
        ),
      ]);

      const found = await ctx.h.clusters.list(CLUSTER, {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        namespace: 'flux-system',
      });

      expect(found).toEqual([
        expect.objectContaining({
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: expect.objectContaining({ name: 'beta' }),
        }),
      ]);
    });

    it('lists every object of a kind with more than a page of them', async () => {
      ctx.h.seed(
        Array.from({ length: 520 }, (_, i) =>
          pod('busy', `p-${String(i).padStart(3, '0')}`, { app: 'busy' }, [['c', 0]]),
        ),
      );

      const found = await pods(undefined, 'busy');

      expect(found).toHaveLength(520);
      expect(new Set(found.map((p) => p.metadata.name)).size).toBe(520);
    });

    it('lists nothing for a served kind with no objects', async () => {
      ctx.h.seed(PODS);

      expect(
        await ctx.h.clusters.list(CLUSTER, {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          namespace: 'logging',
        }),
      ).toEqual([]);
    });

    it('rejects a kind the cluster does not serve, naming it', async () => {
      ctx.h.seed(PODS);

      const list = ctx.h.clusters.list(CLUSTER, {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
      });

      await expect(list).rejects.toThrow('ServiceMonitor');
    });

    it('answers copies: editing an answer changes nothing on the cluster', async () => {
      ctx.h.seed(PODS);
      const first = await pods('app=web');

      first[0]!.metadata.labels = { app: 'changed' };

      expect(names(await pods('app=web'))).toEqual(['web-1']);
      expect(ctx.h.stored('Pod', 'default', 'web-1')?.metadata.labels).toMatchObject({ app: 'web' });
    });
  });
}
