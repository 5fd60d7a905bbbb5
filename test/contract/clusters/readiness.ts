import { describe, expect, it } from 'vitest';
import { CLUSTER, type ClustersContractContext, UNKNOWN, UNREACHABLE } from './context.ts';
import { node } from './objects.ts';

/** apiStatus and notReadyNodes: is the cluster healthy enough to upgrade. */
export function describeReadiness(ctx: ClustersContractContext): void {
  describe('apiStatus', () => {
    it('reports a ready API server with its Kubernetes minor version', async () => {
      const status = await ctx.h.clusters.apiStatus(CLUSTER);

      expect(status).toEqual({ ready: true, version: '1.29' });
    });

    it('reports not ready, naming the failing check, when /readyz fails', async () => {
      ctx.h.failReadyz('etcd');

      const status = await ctx.h.clusters.apiStatus(CLUSTER);

      expect(status.ready).toBe(false);
      expect(status.reason).toContain('etcd');
    });

    it.each([
      ['it cannot reach', UNREACHABLE],
      ['the fleet does not list', UNKNOWN],
    ])('answers not ready, naming the cluster, for a cluster %s (never a throw)', async (_, cluster) => {
      const status = await ctx.h.clusters.apiStatus(cluster);

      expect(status.ready).toBe(false);
      expect(status.reason).toContain(cluster);
    });
  });

  describe('notReadyNodes', () => {
    it('lists the nodes whose Ready condition is False, Unknown or missing', async () => {
      ctx.h.seed([
        node('ip-10-0-1-10.ec2.internal', 'True'),
        node('ip-10-0-2-20.ec2.internal', 'False'),
        node('ip-10-0-3-30.ec2.internal', 'Unknown'),
        node('ip-10-0-4-40.ec2.internal', undefined),
      ]);

      const names = await ctx.h.clusters.notReadyNodes(CLUSTER);

      expect([...names].sort()).toEqual([
        'ip-10-0-2-20.ec2.internal',
        'ip-10-0-3-30.ec2.internal',
        'ip-10-0-4-40.ec2.internal',
      ]);
    });

    it('lists none when every node is Ready', async () => {
      ctx.h.seed([node('a', 'True'), node('b', 'True')]);

      expect(await ctx.h.clusters.notReadyNodes(CLUSTER)).toEqual([]);
    });
  });
}
