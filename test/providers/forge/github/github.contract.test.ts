import { afterEach, expect } from 'vitest';
import { describeForgeContract } from '../../../contract/forge.contract.ts';
import { type GitHubHarness, makeGitHubHarness } from './harness.ts';

let last: GitHubHarness | undefined;
afterEach(() => {
  // The adapter may swallow or retry a failed request; a request the fake GitHub has no answer for
  // still fails the case.
  expect(last?.fake.unhandled() ?? []).toEqual([]);
  last = undefined;
});

describeForgeContract('github', async () => {
  last = await makeGitHubHarness();
  return last;
});
