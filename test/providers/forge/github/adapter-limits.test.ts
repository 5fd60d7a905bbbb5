import Bottleneck from 'bottleneck';
import { describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubRequestError } from '../../../../providers/forge/github/client.ts';
import { DEFAULT_BRANCH } from '../../../../providers/forge/github/graphql-documents.ts';
import { GuardOctokit } from '../../../../providers/forge/github/guard-octokit.ts';
import { createGitHubForge } from '../../../../providers/forge/github/index.ts';
import { refusedForGood } from '../../../../src/engine/errors.ts';
import { RateLimitedError } from '../../../../src/util/rate-limited-error.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { FAKE_APP } from '../../../fakes/github-server/fake-app.ts';
import { createFakeGitHub } from '../../../fakes/github-server/index.ts';
import { makeGitHubHarness, START } from './harness.ts';
import { productionOctokit } from './production-octokit.ts';

const handedOver = (h: { probotLog: { lines: { msg: string }[] } }) =>
  h.probotLog.lines.map((l) => l.msg).filter((m) => /handed to GUARD's retry policy/.test(m));

describe('GitHub adapter under limits (the throttling plugin recognises them, the retry policy decides)', () => {
  it('waits a secondary limit out in place when its retry-after is short', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();

    h.failNext('secondary-limit', 1);
    const permission = await h.forge.permission('alice');

    expect(permission).toBe('write');
    expect(h.sleeps).toEqual([1000]);
    expect(h.requests()).toHaveLength(2);
    expect(handedOver(h)).toEqual([expect.stringMatching(/^GitHub secondary rate limit on GET /)]);
  });

  it('hands a spent quota to the engine as a RateLimitedError with the reset, without sleeping', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();

    h.failNext('rate-limit', 1);
    const error = await h.forge.permission('alice').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ client: 'github', reason: 'rate-limit', retryAfterMs: 61_000 });
    expect(h.sleeps).toEqual([]);
    // Probot's own handlers would have retried it after the reset; GUARD's answer is one request.
    expect(h.requests()).toHaveLength(1);
    expect(handedOver(h)).toEqual([expect.stringMatching(/^GitHub rate limit on GET /)]);
  });

  it.each([
    ['github.com', undefined],
    ['a GitHub Enterprise Server (/api/graphql)', 'ghe.example.com'],
  ])('reads a GraphQL RATE_LIMITED answer (HTTP 200) on %s as a limit the plugin saw', async (_, host) => {
    const h = await makeGitHubHarness(host ? { host } : {});
    h.seed(SEED);
    h.resetRequests();

    h.fake.failNext('graphql-rate-limit', 1);
    // The default branch is read over REST (conditionally); this document is GraphQL's simplest.
    const error = await graphqlDefaultBranch(h).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ client: 'github', reason: 'rate-limit', retryAfterMs: 61_000 });
    expect(h.requests()).toEqual([{ method: 'POST', url: h.fake.state.urls.graphql }]);
    expect(h.sleeps).toEqual([]);
    expect(handedOver(h)).toEqual([expect.stringMatching(/^GitHub rate limit on POST .*graphql/)]);
  });

  it('gives up a 5xx after three tries, a short jittered backoff apart, and says what happened', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();
    h.failNext('server-error', 10);

    const error = await h.forge.permission('alice').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GitHubRequestError);
    expect((error as Error).message).toMatch(/answered 502 after 3 tries/);
    expect(h.requests()).toHaveLength(3);
    expect(h.sleeps).toEqual([375, 750]);
  });

  it("keeps Probot's retry plugin from retrying behind the policy's back", async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    await h.forge.permission('alice');
    h.resetRequests();
    h.failNext('server-error', 1);

    await h.forge.permission('alice');

    expect(h.requests()).toHaveLength(2);
    expect(h.sleeps).toEqual([375]);
  });

  it('does not retry a GraphQL error answered with HTTP 200, and marks it refused for good', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();
    const client = createGitHubClient({ octokit: h.octokit, owner: 'acme', repo: 'fleet' });

    // A document GitHub's schema rejects: HTTP 200 with `errors` that carry `locations`.
    const refused = await client
      .graphql('query { repository(owner: "acme", name: "fleet") { noSuchField } }', {})
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(GitHubRequestError);
    expect((refused as Error).message).toMatch(/GitHub GraphQL query failed: .*noSuchField/);
    expect(refusedForGood(refused)).toBe(true);
    expect(h.requests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('retries the GraphQL timeout GitHub answers with HTTP 200 as the server error it is', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    h.resetRequests();
    h.fake.failNext('graphql-timeout', 1);

    const answer = await graphqlDefaultBranch(h);

    expect(answer).toMatchObject({ repository: { defaultBranchRef: { name: 'main' } } });
    expect(h.requests()).toHaveLength(2);
    expect(h.sleeps).toEqual([375]);
  });
});

describe("GitHub writes under the throttling plugin's pacing", () => {
  it('queues content-creating requests and GraphQL in the write group of the installation, reads not', async () => {
    const scheduled: string[] = [];
    const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
    write.on('created', (limiter, key) => {
      limiter.on('scheduled', () => scheduled.push(String(key)));
    });
    const quick = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
    const Watched = GuardOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object), write, notifications: quick(), search: quick() },
    }));
    const fake = createFakeGitHub({ owner: 'acme', repo: 'fleet', now: () => START });
    const { octokit } = await productionOctokit({ fetch: fake.fetch, Octokit: Watched });
    const adapter = createGitHubForge({ octokit, owner: 'acme', repo: 'fleet', appId: FAKE_APP.id });
    const s = fake.state;
    s.defaultBranch = 'main';
    const tree = s.git.putTree(new Map(Object.entries(SEED.files)));
    const commit = s.git.putCommit({
      tree,
      parents: [],
      message: 'initial',
      date: new Date(START).toISOString(),
    });
    s.git.refs.set('main', commit.sha);
    s.permissions = { ...SEED.permissions };

    await adapter.permission('alice');
    const afterRead = scheduled.length;
    await adapter.defaultBranch();
    const issue = await adapter.ensureIssue({
      marker: '<!-- m -->',
      title: 't',
      body: 'b',
      labels: [],
      open: true,
    });
    const beforeComments = scheduled.length;
    for (let i = 0; i < 3; i++)
      await adapter.addComment({ on: { kind: 'issue', number: issue.number }, body: `${i}` });

    expect(afterRead).toBe(0);
    expect(scheduled.length - beforeComments).toBe(3);
    expect(new Set(scheduled)).toEqual(new Set([String(FAKE_APP.installationId)]));
  });
});

/** GraphQL's simplest document, sent as the harness's adapter sends it (its clock, waits and jitter). */
function graphqlDefaultBranch(h: Awaited<ReturnType<typeof makeGitHubHarness>>): Promise<unknown> {
  const client = createGitHubClient({
    octokit: h.octokit,
    owner: 'acme',
    repo: 'fleet',
    now: h.now,
    retry: { random: () => 0.5, sleep: async (ms) => void h.sleeps.push(ms) },
  });
  return client.graphql(DEFAULT_BRANCH, { owner: 'acme', name: 'fleet' });
}
