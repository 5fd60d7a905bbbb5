import { describe, expect, it } from 'vitest';
import type { Clusters } from '../../../src/ports/clusters.ts';
import { type ClustersContractContext, UNKNOWN, UNREACHABLE } from './context.ts';

const CALLS: [string, (c: Clusters, cluster: string) => Promise<unknown>][] = [
  ['notReadyNodes', (c, cluster) => c.notReadyNodes(cluster)],
  ['workloads', (c, cluster) => c.workloads(cluster, 'istio-system', ['deployment/istiod'])],
  [
    'applied',
    (c, cluster) =>
      c.applied(cluster, { kind: 'HelmRelease', namespace: 'flux-system', name: 'istiod' }, '1.20.0'),
  ],
  ['list', (c, cluster) => c.list(cluster, { apiVersion: 'v1', kind: 'Pod' })],
  ['restart', (c, cluster) => c.restart(cluster, 'istio-system', ['deployment/istiod'])],
  [
    'events',
    (c, cluster) =>
      c.events(cluster, { namespace: 'istio-system', workloads: ['deployment/istiod'], since: new Date(0) }),
  ],
];

/** Every method but apiStatus rejects when it cannot ask the cluster, with the cluster named. */
export function describeUnreachable(ctx: ClustersContractContext): void {
  describe('clusters it cannot ask', () => {
    it.each(CALLS)('%s rejects, naming a cluster nothing answers at', async (_, call) => {
      await expect(call(ctx.h.clusters, UNREACHABLE)).rejects.toThrow(UNREACHABLE);
    });

    it.each(CALLS)('%s rejects, naming a cluster the fleet does not list', async (_, call) => {
      await expect(call(ctx.h.clusters, UNKNOWN)).rejects.toThrow(UNKNOWN);
    });
  });
}
