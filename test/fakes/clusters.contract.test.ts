import { describeClustersContract } from '../contract/clusters.contract.ts';
import { makeFakeClustersHarness } from './clusters-harness.ts';

// The fake the prechecks, service providers and the demo run on must agree with the adapter.
describeClustersContract('in-memory', makeFakeClustersHarness);
