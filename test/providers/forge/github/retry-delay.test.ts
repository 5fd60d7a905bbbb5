import { describe, expect, it } from 'vitest';
import { retryDelay, SECONDARY_FLOOR_MS } from '../../../../providers/forge/github/retry-delay.ts';

const NOW = Date.UTC(2025, 5, 2, 9, 30);
const limited = (headers: Record<string, string>, message = 'You have exceeded a secondary rate limit.') => ({
  status: 403,
  headers,
  message,
});

describe('retryDelay', () => {
  it('waits what retry-after says, before anything else', () => {
    const r = limited({
      'retry-after': '7',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW / 1000 + 300),
    });

    expect(retryDelay(r, 1, NOW)).toBe(7000);
  });

  it('waits until x-ratelimit-reset when the quota is spent and no retry-after is given', () => {
    const r = limited(
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) },
      'API rate limit exceeded',
    );

    expect(retryDelay(r, 1, NOW)).toBe(91_000);
  });

  it('waits at least a minute, doubling, for a secondary limit without headers', () => {
    const r = limited({});

    expect([1, 2, 3].map((attempt) => retryDelay(r, attempt, NOW))).toEqual([
      SECONDARY_FLOOR_MS,
      2 * SECONDARY_FLOOR_MS,
      4 * SECONDARY_FLOOR_MS,
    ]);
  });

  it('backs off exponentially from one second on server errors', () => {
    expect(
      [1, 2, 3].map((attempt) => retryDelay({ status: 502, headers: {}, message: '' }, attempt, NOW)),
    ).toEqual([1000, 2000, 4000]);
  });

  it.each([400, 401, 404, 422])('does not retry a plain %i', (status) => {
    expect(retryDelay({ status, headers: {}, message: 'Validation Failed' }, 1, NOW)).toBeUndefined();
  });

  it('does not retry a 403 that is a missing permission, not a limit', () => {
    const r = {
      status: 403,
      headers: { 'x-ratelimit-remaining': '4000' },
      message: 'Resource not accessible by integration',
    };

    expect(retryDelay(r, 1, NOW)).toBeUndefined();
  });
});
