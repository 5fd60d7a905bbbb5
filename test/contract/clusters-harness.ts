import type { Clusters, KubeObject } from '../../src/ports/clusters.ts';

/**
 * What test/contract/clusters.contract.ts needs from each `Clusters` implementation's test set-up:
 * the implementation, one reachable cluster (`CLUSTER` in clusters/context.ts) whose stored objects
 * the harness seeds and reads back, one nothing answers at (`UNREACHABLE`), and none for `UNKNOWN`.
 * The Kubernetes adapter's harness runs it against the fake API server over TLS; the in-memory
 * fake's harness seeds its `objects`. Each test gets a fresh harness.
 */
export interface ClustersHarness {
  readonly clusters: Clusters;
  /** The objects the reachable cluster stores, as the API server keeps them, replacing any before. */
  seed(objects: readonly KubeObject[]): void;
  /** The reachable cluster's `/readyz` fails the named check (`etcd`). */
  failReadyz(check: string): void;
  /** The reachable cluster serves nothing of an API group (its CRDs are not installed). */
  uninstall(group: string): void;
  /** An object as the reachable cluster stores it now (after restarts). */
  stored(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** The time, in epoch milliseconds, the implementation stamps on restarts from now on. */
  setNow(ms: number): void;
  close(): Promise<void>;
}
