import { describeForgeContract } from '../contract/forge.contract.ts';
import { makeFakeForgeHarness } from './forge-harness.ts';

// The fake every scenario and the demo run on must agree with the real adapters, case by case.
describeForgeContract('in-memory (GitHub flavour)', () => makeFakeForgeHarness('github'));
describeForgeContract('in-memory (GitLab flavour)', () => makeFakeForgeHarness('gitlab'));
