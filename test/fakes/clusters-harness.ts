import { CLUSTER, UNREACHABLE } from '../contract/clusters/context.ts';
import type { ClustersHarness } from '../contract/clusters-harness.ts';
import { createFakeClusters } from './clusters.ts';

/**
 * The in-memory clusters fake under the clusters contract. Its clusters answer from their stored
 * `objects`, judged by the rules the Kubernetes adapter follows; `gone` is `unreachable` (the network
 * error the adapter would see); `elsewhere` is not among its clusters. The fake has no /readyz checks:
 * a failing one is its `api` answer saying which check failed, as the adapter reports it.
 */
export function makeFakeClustersHarness(): ClustersHarness {
  let now = Date.parse('2024-05-01T12:00:00.000Z');
  const fake = createFakeClusters({
    clusters: {
      [CLUSTER]: { objects: [] },
      [UNREACHABLE]: { unreachable: 'connect ECONNREFUSED 127.0.0.1:1' },
    },
    now: () => new Date(now),
  });
  const dev = fake.spec.clusters[CLUSTER]!;
  return {
    clusters: fake,
    seed(objects) {
      dev.objects = structuredClone([...objects]);
    },
    failReadyz(check) {
      dev.api = { ready: false, reason: `${CLUSTER}: /readyz answered 500: ${check} failed` };
    },
    uninstall(group) {
      dev.unservedGroups = [...(dev.unservedGroups ?? []), group];
    },
    stored: (kind, namespace, name) =>
      dev.objects?.find(
        (o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name,
      ),
    setNow(ms) {
      now = ms;
    },
    close: async () => {},
  };
}
