import { describe, expect, it } from 'vitest';
import { classifyGitLabFailure } from '../../../../providers/forge/gitlab/classify-failure.ts';
import { GitLabApiError } from '../../../../providers/forge/gitlab/create-gitlab-api.ts';
import { RateLimitedError } from '../../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS } from '../../../../src/util/with-retry.ts';
import { makeGitLabHarness } from './harness.ts';

function seeded() {
  const h = makeGitLabHarness();
  h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
  return h;
}

const NOW = Date.parse('2025-03-01T10:00:00Z');
const answer = (status: number, headers: Record<string, string> = {}, description = 'no') =>
  new GitLabApiError({ method: 'GET', path: '/api/v4/x', status, headers, description });

describe('GitLab adapter under the one retry policy (answers from the fake GitLab)', () => {
  it('waits a 429 out in place when its Retry-After is short', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('secondary-limit', 1);

    await h.forge.readFiles('main', ['README.md']);

    expect(h.sleeps).toEqual([1_000]);
    expect(h.requests()).toHaveLength(2);
  });

  it('hands a 429 whose RateLimit-Reset is far off to the engine as a RateLimitedError, without sleeping', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('rate-limit', 1);

    const error = await h.forge.defaultBranch().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ client: 'gitlab', reason: 'rate-limit', retryAfterMs: 30_000 });
    expect(h.sleeps).toEqual([]);
    expect(h.requests()).toHaveLength(1);
  });

  it('backs off with jitter on server errors and gives up after the policy’s tries, saying what to do', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('server-error', 100);

    await expect(h.forge.defaultBranch()).rejects.toThrow(/after 3 tries[\s\S]*rate limits/);
    expect(h.requests()).toHaveLength(RETRY_LIMITS.tries);
    expect(h.sleeps).toEqual([375, 750]);
  });

  it('is the only retry layer: each failed answer costs exactly one request', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('server-error', 2);

    await h.forge.readFiles('main', ['README.md']);

    expect(h.requests()).toHaveLength(3);
  });
});

describe("classifyGitLabFailure (GitLab's documented answers)", () => {
  const classify = classifyGitLabFailure(() => NOW, false);

  it('takes Retry-After in seconds or as an HTTP date, before RateLimit-Reset', () => {
    expect(classify(answer(429, { 'retry-after': '5', 'ratelimit-reset': String(NOW / 1000 + 60) }))).toEqual(
      {
        kind: 'rate-limited',
        reason: 'rate-limit',
        afterMs: 5_000,
      },
    );
    expect(classify(answer(429, { 'retry-after': new Date(NOW + 7_000).toUTCString() }))).toMatchObject({
      afterMs: 7_000,
    });
  });

  it('waits until RateLimit-Reset when Retry-After is missing, and backs off when both are', () => {
    expect(classify(answer(429, { 'ratelimit-reset': String(NOW / 1000 + 30) }))).toMatchObject({
      afterMs: 30_000,
    });
    expect(classify(answer(429))).toEqual({ kind: 'retry', reason: 'rate-limit' });
  });

  it('retries a 5xx and a dropped connection', () => {
    expect(classify(answer(502))).toEqual({ kind: 'retry', reason: 'server-error' });
    expect(classify(new TypeError('fetch failed'))).toEqual({ kind: 'retry', reason: 'network' });
  });

  it('retries the documented races: a resource lock 409, and the branch cache right after a commit', () => {
    expect(classify(answer(409, {}, 'Failed to update: resource lock'))).toEqual({
      kind: 'retry',
      reason: 'conflict',
    });
    expect(classify(answer(409, {}, 'Branch already exists'))).toEqual({ kind: 'terminal' });
    expect(classifyGitLabFailure(() => NOW, true)(answer(409))).toEqual({
      kind: 'retry',
      reason: 'conflict',
    });
    expect(classify(answer(400, {}, '{"source_branch":["source branch guard/x does not exist"]}'))).toEqual({
      kind: 'retry',
      reason: 'branch-cache',
    });
  });

  it.each([400, 401, 403, 404, 422])('does not retry a plain %i', (status) => {
    expect(classify(answer(status))).toEqual({ kind: 'terminal' });
  });

  it('does not retry an error that is no GitLab answer', () => {
    expect(classify(new Error('bug'))).toEqual({ kind: 'terminal' });
  });
});
