import type { ClustersHarness } from '../clusters-harness.ts';

/** The cluster every harness can reach and seed. */
export const CLUSTER = 'dev';
/** A cluster in the fleet whose API server nothing answers at. */
export const UNREACHABLE = 'gone';
/** A cluster the fleet does not list. */
export const UNKNOWN = 'elsewhere';

/** What each part of the clusters contract sees: a fresh harness per test. */
export interface ClustersContractContext {
  readonly h: ClustersHarness;
}
