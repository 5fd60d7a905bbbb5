import { describeForgeContract } from '../../../contract/forge.contract.ts';
import { makeGitLabHarness } from './harness.ts';

describeForgeContract('GitLab', makeGitLabHarness);
