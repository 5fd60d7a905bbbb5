import { describeForgeContract } from '../../../contract/forge.contract.ts';
import { makeGitHubHarness } from './harness.ts';

describeForgeContract('github', () => makeGitHubHarness());
