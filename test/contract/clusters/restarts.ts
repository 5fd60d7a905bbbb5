import { describe, expect, it } from 'vitest';
import { RESTARTED_AT } from '../../../src/ports/clusters.ts';
import { CLUSTER, type ClustersContractContext } from './context.ts';
import { readyDeployment, workload } from './objects.ts';

const NOON = Date.parse('2024-05-01T12:00:00.000Z');

/** restart: `kubectl rollout restart`'s pod-template annotation, one rollout per restart time. */
export function describeRestarts(ctx: ClustersContractContext): void {
  const template = (kind: string, ns: string, name: string) => {
    const spec = ctx.h.stored(kind, ns, name)?.spec as {
      template?: { metadata?: { annotations?: Record<string, string> } };
    };
    return spec?.template?.metadata?.annotations ?? {};
  };
  const generation = (kind: string, ns: string, name: string) =>
    ctx.h.stored(kind, ns, name)?.metadata.generation;

  describe('restart', () => {
    it("stamps the restart time on each workload's pod template, keeping its other annotations", async () => {
      ctx.h.seed([
        readyDeployment('istio-system', 'istiod'),
        workload(
          'DaemonSet',
          'istio-system',
          'ztunnel',
          2,
          {},
          { observedGeneration: 2 },
          { 'sidecar.istio.io/inject': 'false' },
        ),
      ]);
      ctx.h.setNow(NOON);

      await ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/istiod', 'daemonset/ztunnel']);

      expect(template('Deployment', 'istio-system', 'istiod')).toEqual({
        [RESTARTED_AT]: '2024-05-01T12:00:00.000Z',
      });
      expect(template('DaemonSet', 'istio-system', 'ztunnel')).toEqual({
        'sidecar.istio.io/inject': 'false',
        [RESTARTED_AT]: '2024-05-01T12:00:00.000Z',
      });
      expect(generation('Deployment', 'istio-system', 'istiod')).toBe(4);
    });

    it('rolls out once however often it is asked at the same moment', async () => {
      ctx.h.seed([readyDeployment('istio-system', 'istiod')]);
      ctx.h.setNow(NOON);

      await ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/istiod']);
      await ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/istiod']);

      expect(generation('Deployment', 'istio-system', 'istiod')).toBe(4);
    });

    it('rolls out again at a later time', async () => {
      ctx.h.seed([readyDeployment('istio-system', 'istiod')]);
      ctx.h.setNow(NOON);
      await ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/istiod']);
      ctx.h.setNow(NOON + 3_600_000);

      await ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/istiod']);

      expect(template('Deployment', 'istio-system', 'istiod')[RESTARTED_AT]).toBe('2024-05-01T13:00:00.000Z');
      expect(generation('Deployment', 'istio-system', 'istiod')).toBe(5);
    });

    it('rejects, naming the cluster, a workload that does not exist', async () => {
      ctx.h.seed([readyDeployment('istio-system', 'istiod')]);

      await expect(ctx.h.clusters.restart(CLUSTER, 'istio-system', ['deployment/absent'])).rejects.toThrow(
        new RegExp(`^${CLUSTER}: `),
      );
    });

    it('rejects a reference that names no workload kind, quoting it', async () => {
      ctx.h.seed([readyDeployment('istio-system', 'istiod')]);

      await expect(ctx.h.clusters.restart(CLUSTER, 'istio-system', ['pod/istiod'])).rejects.toThrow(
        'pod/istiod',
      );
    });
  });
}
