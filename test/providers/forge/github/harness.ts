import type { OctokitLike } from '../../../../providers/forge/github/client.ts';
import { createGitHubForge, type GitHubForge } from '../../../../providers/forge/github/index.ts';
import type { ForgeHarness, ForgeSeed } from '../../../contract/forge-harness.ts';
import { FAKE_APP } from '../../../fakes/github-server/fake-app.ts';
import { createFakeGitHub, type FakeGitHub } from '../../../fakes/github-server/index.ts';
import { openForkPull, openIssueAs, postAs } from '../../../fakes/github-server/outsiders.ts';
import { setPullState } from '../../../fakes/github-server/pull-ops.ts';
import { viewOf } from '../../../fakes/github-server/view.ts';
import { type ProbotLogLines, productionOctokit } from './production-octokit.ts';

export const START = Date.UTC(2025, 5, 2, 9, 30);

/** A GitHub harness plus what GitHub-only tests reach for: the fake, the clock and the waits. */
export interface GitHubHarness extends ForgeHarness {
  readonly forge: GitHubForge;
  readonly fake: FakeGitHub;
  /** Every wait the adapter asked for, in ms. */
  readonly sleeps: number[];
  now(): number;
  /** Another adapter instance on the same fake (no memory of the first one's writes). */
  freshForge(): GitHubForge;
  /** What Probot and its Octokit plugins logged. */
  readonly probotLog: ProbotLogLines;
  /** The installation Octokit the adapter is built on. */
  readonly octokit: OctokitLike;
}

/**
 * The adapter on a fresh fake GitHub (github.com, or a GitHub Enterprise Server at `host`), on the
 * installation Octokit Probot builds in production (throttling and retry plugins on), knowing its
 * App id as the server's adapters do; `withoutAppId` leaves it out (the adapter then trusts any bot
 * account's comments and issues).
 */
export async function makeGitHubHarness(
  options: { blobTextLimit?: number; withoutAppId?: boolean; host?: string } = {},
): Promise<GitHubHarness> {
  let clock = START;
  const sleeps: number[] = [];
  const now = () => clock;
  const { withoutAppId, ...fakeOptions } = options;
  const fake = createFakeGitHub({ owner: 'acme', repo: 'fleet', now, ...fakeOptions });
  const { octokit, log } = await productionOctokit({
    fetch: fake.fetch,
    ...(options.host ? { baseUrl: fake.state.urls.rest } : {}),
  });
  const make = () =>
    createGitHubForge({
      octokit,
      owner: 'acme',
      repo: 'fleet',
      ...(withoutAppId ? {} : { appId: FAKE_APP.id }),
      now,
      retry: {
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
      },
    });
  const s = fake.state;
  return {
    forge: make(),
    fake,
    sleeps,
    now,
    freshForge: make,
    probotLog: log,
    octokit,
    seed: (input) => seed(fake, input, now),
    failNext: fake.failNext,
    pushOutside: (branch, files) => s.git.commitOn(branch, s.defaultBranch, files, 'outside push', s.iso()),
    setMergeRequestState(number, state) {
      const pull = s.pulls.get(number);
      if (!pull) throw new Error(`no pull request #${number} in the fake`);
      setPullState(s, pull, state);
    },
    postAs: (login, on, body) => postAs(s, login, on, body),
    openIssueAs: (login, issue) => openIssueAs(s, login, issue),
    openForkMergeRequest: (input) => openForkPull(s, input),
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
