import { createKubernetesClusters } from '../../../../providers/clusters/kubernetes/index.ts';
import type { ClustersHarness } from '../../../contract/clusters-harness.ts';
import { startHarness } from './harness.ts';

/**
 * The Kubernetes adapter under the clusters contract: a fresh fake API server over TLS per test,
 * reached through a kubeconfig context (`dev`); `gone` points at a port nothing listens on, and the
 * fleet has no `elsewhere`. Seeding replaces what the API server stores.
 */
export async function makeKubernetesHarness(): Promise<ClustersHarness> {
  const h = await startHarness();
  let now = Date.parse('2024-05-01T12:00:00.000Z');
  const clusters = createKubernetesClusters({ fleet: h.fleet, kubeconfig: h.kubeconfig, clock: () => now });
  h.api.objects.length = 0;
  return {
    clusters,
    seed(objects) {
      h.api.objects.splice(0, h.api.objects.length, ...structuredClone(objects));
    },
    failReadyz(check) {
      // A verbose /readyz answer, as the API server words a failed check.
      h.api.readyz = {
        status: 500,
        body: `[+]ping ok\n[-]${check} failed: reason withheld\nreadyz check failed`,
      };
    },
    uninstall(group) {
      h.api.absentGroups.push(group);
    },
    stored: (kind, namespace, name) =>
      h.api.objects.find(
        (o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name,
      ),
    setNow(ms) {
      now = ms;
    },
    close: () => h.close(),
  };
}
