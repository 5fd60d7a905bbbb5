import { describeClustersContract } from '../../../contract/clusters.contract.ts';
import { makeKubernetesHarness } from './contract-harness.ts';

describeClustersContract('kubernetes', makeKubernetesHarness);
