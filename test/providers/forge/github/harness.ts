import { ProbotOctokit } from 'probot';
import { createGitHubForge, type GitHubForge } from '../../../../providers/forge/github/index.ts';
import type { ForgeHarness, ForgeSeed } from '../../../contract/forge-harness.ts';
import { createFakeGitHub, type FakeGitHub } from '../../../fakes/github-server/index.ts';
import { setPullState } from '../../../fakes/github-server/pull-ops.ts';
import { viewOf } from '../../../fakes/github-server/view.ts';

export const START = Date.UTC(2025, 5, 2, 9, 30);

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A GitHub harness plus what GitHub-only tests reach for: the fake, the clock and the waits. */
export interface GitHubHarness extends ForgeHarness {
  readonly forge: GitHubForge;
  readonly fake: FakeGitHub;
  /** Every wait the adapter asked for, in ms. */
  readonly sleeps: number[];
  now(): number;
  /** Another adapter instance on the same fake (no memory of the first one's writes). */
  freshForge(): GitHubForge;
}

/**
 * Probot's own Octokit with its retry and throttling plugins switched off, as the adapter's retry
 * layer is the one that must handle limits (in production those plugins stay on; the adapter asks
 * plugin-retry for zero retries per request, and Probot only logs secondary limits).
 */
export function makeOctokit(fake: FakeGitHub) {
  return new ProbotOctokit({
    auth: { token: 'test-token' },
    request: { fetch: fake.fetch },
    throttle: { enabled: false },
    retry: { enabled: false },
    log: quiet,
  });
}

export function makeGitHubHarness(options: { blobTextLimit?: number } = {}): GitHubHarness {
  let clock = START;
  const sleeps: number[] = [];
  const now = () => clock;
  const fake = createFakeGitHub({ owner: 'acme', repo: 'fleet', now, ...options });
  const make = () =>
    createGitHubForge({
      octokit: makeOctokit(fake),
      owner: 'acme',
      repo: 'fleet',
      now,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
  const s = fake.state;
  return {
    forge: make(),
    fake,
    sleeps,
    now,
    freshForge: make,
    seed: (input) => seed(fake, input, now),
    failNext: fake.failNext,
    pushOutside: (branch, files) => s.git.commitOn(branch, s.defaultBranch, files, 'outside push', s.iso()),
    setMergeRequestState(number, state) {
      const pull = s.pulls.get(number);
      if (!pull) throw new Error(`no pull request #${number} in the fake`);
      setPullState(s, pull, state);
    },
    requests: fake.requests,
    resetRequests: fake.resetRequests,
    view: viewOf(s),
  };
}

function seed(fake: FakeGitHub, input: ForgeSeed, now: () => number): void {
  const s = fake.state;
  s.defaultBranch = input.defaultBranch;
  const tree = s.git.putTree(new Map(Object.entries(input.files)));
  const date = new Date(now()).toISOString();
  const commit = s.git.putCommit({ tree, parents: [], message: 'initial', date });
  s.git.refs.set(input.defaultBranch, commit.sha);
  s.permissions = { ...input.permissions };
  s.teams = { ...input.teams };
}
