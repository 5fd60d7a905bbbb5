import { describe, expect, it } from 'vitest';
import { GitLabApiError } from '../../../../providers/forge/gitlab/create-gitlab-api.ts';
import { MAX_TRIES, withRetry } from '../../../../providers/forge/gitlab/retry.ts';
import { makeGitLabHarness } from './harness.ts';

function seeded() {
  const h = makeGitLabHarness();
  h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
  return h;
}

const quiet = { warn: () => {}, debug: () => {} };

describe('GitLab retries', () => {
  it('waits until RateLimit-Reset after a 429 without Retry-After', async () => {
    const h = seeded();
    h.failNext('rate-limit', 1);

    await h.forge.defaultBranch();

    expect(h.sleeps).toEqual([30_000]);
  });

  it('waits as long as Retry-After says', async () => {
    const h = seeded();
    h.failNext('secondary-limit', 1);

    await h.forge.defaultBranch();

    expect(h.sleeps).toEqual([1_000]);
  });

  it('backs off exponentially with jitter on server errors', async () => {
    const h = seeded();
    h.failNext('server-error', 3);

    await h.forge.defaultBranch();

    expect(h.sleeps).toEqual([750, 1_500, 3_000]);
  });

  it('is the only retry layer: each failed answer costs exactly one request', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('server-error', 2);

    await h.forge.readFiles('main', ['README.md']);

    expect(h.requests()).toHaveLength(3);
  });

  it('stops after a bounded number of tries with a message that says what to do', async () => {
    const h = seeded();
    h.resetRequests();
    h.failNext('rate-limit', 100);

    await expect(h.forge.defaultBranch()).rejects.toThrow(/after 5 tries[\s\S]*rate limits/);
    expect(h.requests()).toHaveLength(MAX_TRIES);
  });

  it('does not retry a 404 or a 403', async () => {
    let calls = 0;
    const deps = { sleep: async () => {}, now: () => 0, random: () => 0, log: quiet };
    const refuse = (status: number) => async () => {
      calls += 1;
      throw new GitLabApiError({ method: 'GET', path: '/x', status, headers: {}, description: 'no' });
    };

    await expect(withRetry('x', refuse(404), deps)).rejects.toMatchObject({ status: 404 });
    await expect(withRetry('x', refuse(403), deps)).rejects.toMatchObject({ status: 403 });

    expect(calls).toBe(2);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const sleeps: number[] = [];
    const now = Date.parse('2025-03-01T10:00:00Z');
    const deps = {
      sleep: async (ms: number) => void sleeps.push(ms),
      now: () => now,
      random: () => 0,
      log: quiet,
    };
    let first = true;
    const call = async () => {
      if (!first) return 'ok';
      first = false;
      const headers = { 'retry-after': new Date(now + 5_000).toUTCString() };
      throw new GitLabApiError({
        method: 'GET',
        path: '/x',
        status: 429,
        headers,
        description: 'Retry later',
      });
    };

    await withRetry('x', call, deps);

    expect(sleeps).toEqual([5_000]);
  });
});
