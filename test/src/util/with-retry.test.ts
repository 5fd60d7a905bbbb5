import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { retryAfter, untilReset } from '../../../src/util/retry-after.ts';
import { type Classified, RETRY_LIMITS, type RetryEvent, withRetry } from '../../../src/util/with-retry.ts';

class Answer extends Error {
  readonly verdict: Classified;
  constructor(verdict: Classified) {
    super(`answered ${verdict.kind}`);
    this.verdict = verdict;
  }
}

/** A call that fails with each of `verdicts` in turn, then answers 'ok'; what it waited and reported. */
function scripted(verdicts: Classified[]) {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const limited: { client: string; retryAfterMs: number }[] = [];
  let calls = 0;
  const run = (extra: Partial<Parameters<typeof withRetry>[1]> = {}) =>
    withRetry(
      async () => {
        calls += 1;
        const next = verdicts.shift();
        if (next) throw new Answer(next);
        return 'ok';
      },
      {
        client: 'forge',
        classify: (error) => (error as Answer).verdict,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.5,
        onRetry: (e) => void retries.push(e),
        onRateLimited: (e) => void limited.push(e),
        ...extra,
      },
    );
  return { run, sleeps, retries, limited, calls: () => calls };
}

const transient: Classified = { kind: 'retry', reason: 'server-error' };

describe('withRetry', () => {
  it('tries a transient fault again after a short jittered backoff, doubling', async () => {
    const s = scripted([transient, transient]);

    expect(await s.run()).toBe('ok');

    expect(s.sleeps).toEqual([375, 750]);
    expect(s.retries.map((r) => [r.client, r.reason, r.attempt])).toEqual([
      ['forge', 'server-error', 1],
      ['forge', 'server-error', 2],
    ]);
  });

  it(`gives up after ${RETRY_LIMITS.tries} tries with the last error, through giveUp when given`, async () => {
    const s = scripted([transient, transient, transient, transient]);

    const failure = s.run({ giveUp: (error, tries) => new Error(`gave up after ${tries}: ${error}`) });

    await expect(failure).rejects.toThrow('gave up after 3: Error: answered retry');
    expect(s.calls()).toBe(3);
    expect(s.limited).toEqual([]);
  });

  it('never retries a terminal failure', async () => {
    const s = scripted([{ kind: 'terminal' }]);

    await expect(s.run()).rejects.toBeInstanceOf(Answer);

    expect(s.calls()).toBe(1);
    expect(s.sleeps).toEqual([]);
  });

  it('honours a short wait the service names (Retry-After, a reset close by)', async () => {
    const s = scripted([{ kind: 'rate-limited', reason: 'rate-limit', afterMs: 1_000 }]);

    expect(await s.run()).toBe('ok');

    expect(s.sleeps).toEqual([1_000]);
    expect(s.retries).toMatchObject([{ reason: 'rate-limit', waitMs: 1_000 }]);
  });

  it('turns a wait longer than its budget into a RateLimitedError at once, without sleeping', async () => {
    const s = scripted([{ kind: 'rate-limited', reason: 'rate-limit', afterMs: 61_000 }]);

    const failure = s.run();

    await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
    await expect(failure).rejects.toMatchObject({
      client: 'forge',
      retryAfterMs: 61_000,
      reason: 'rate-limit',
    });
    expect(s.sleeps).toEqual([]);
    expect(s.calls()).toBe(1);
    expect(s.limited).toEqual([expect.objectContaining({ client: 'forge', retryAfterMs: 61_000 })]);
  });

  it('counts every wait against the budget: short waits that add up past it end in a RateLimitedError', async () => {
    const s = scripted([
      { kind: 'rate-limited', reason: 'rate-limit', afterMs: 3_000 },
      { kind: 'rate-limited', reason: 'rate-limit', afterMs: 3_000 },
    ]);

    await expect(s.run()).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 3_000 });

    expect(s.sleeps).toEqual([3_000]);
  });

  it('hands a limit still in force after the last try to the caller with its wait', async () => {
    const limit: Classified = { kind: 'rate-limited', reason: 'secondary-limit', afterMs: 1_000 };
    const s = scripted([limit, limit, limit]);

    await expect(s.run()).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 1_000 });

    expect(s.calls()).toBe(3);
    expect(s.sleeps).toEqual([1_000, 1_000]);
  });

  it('makes a server error that names a long Retry-After a RateLimitedError too', async () => {
    const s = scripted([{ kind: 'retry', reason: 'server-error', afterMs: 120_000 }]);

    await expect(s.run()).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 120_000 });
  });

  it('passes a RateLimitedError from a nested call through untouched', async () => {
    const inner = new RateLimitedError({ client: 'aws-sts', retryAfterMs: 30_000, reason: 'rate-limit' });
    let calls = 0;

    const failure = withRetry(
      async () => {
        calls += 1;
        throw inner;
      },
      { client: 'kubernetes', classify: () => transient, sleep: async () => {} },
    );

    await expect(failure).rejects.toBe(inner);
    expect(calls).toBe(1);
  });

  it('says in the error who asked to wait, how long and why', () => {
    const error = new RateLimitedError({
      client: 'github',
      retryAfterMs: 60_500,
      reason: 'rate-limit',
      cause: new Error('API rate limit exceeded'),
    });

    expect(error.message).toBe('github asked GUARD to wait 61 s (rate-limit): API rate limit exceeded');
  });
});

describe('retryAfter and untilReset', () => {
  const NOW = Date.parse('2025-03-01T10:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfter('7', NOW)).toBe(7_000);
    expect(retryAfter(new Date(NOW + 5_000).toUTCString(), NOW)).toBe(5_000);
    expect(retryAfter(undefined, NOW)).toBeUndefined();
    expect(retryAfter('soon', NOW)).toBeUndefined();
  });

  it('reads a reset in epoch seconds as the wait until then, never negative', () => {
    expect(untilReset(String(NOW / 1000 + 90), NOW)).toBe(90_000);
    expect(untilReset(String(NOW / 1000 - 5), NOW)).toBe(0);
    expect(untilReset(undefined, NOW)).toBeUndefined();
  });
});
