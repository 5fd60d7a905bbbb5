import { describe, expect, it } from 'vitest';
import {
  classifyGitHubFailure,
  SECONDARY_FLOOR_MS,
} from '../../../../providers/forge/github/classify-failure.ts';

const NOW = Date.UTC(2025, 5, 2, 9, 30);
const classify = classifyGitHubFailure(() => NOW);
/** An Octokit RequestError as @octokit/request builds it: status, response headers and body. */
const failed = (status: number, headers: Record<string, string>, message = '') => ({
  status,
  message,
  response: { headers, data: { message } },
});

describe("classifyGitHubFailure (GitHub's documented limit answers)", () => {
  it('takes retry-after before anything else', () => {
    const e = failed(
      403,
      { 'retry-after': '7', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 300) },
      'You have exceeded a secondary rate limit.',
    );

    expect(classify(e)).toEqual({ kind: 'rate-limited', reason: 'secondary-limit', afterMs: 7000 });
  });

  it('waits until x-ratelimit-reset (and a second) when the quota is spent', () => {
    const e = failed(
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) },
      'API rate limit exceeded for installation ID 1.',
    );

    expect(classify(e)).toEqual({ kind: 'rate-limited', reason: 'rate-limit', afterMs: 91_000 });
  });

  it('waits at least a minute for a secondary limit that names no time', () => {
    const e = failed(403, {}, 'You have exceeded a secondary rate limit. Please wait a few minutes.');

    expect(classify(e)).toEqual({
      kind: 'rate-limited',
      reason: 'secondary-limit',
      afterMs: SECONDARY_FLOOR_MS,
    });
  });

  it('reads a 429 as a limit too', () => {
    expect(classify(failed(429, { 'retry-after': '2' }))).toEqual({
      kind: 'rate-limited',
      reason: 'secondary-limit',
      afterMs: 2000,
    });
  });

  it('reads a GraphQL RATE_LIMITED error (HTTP 200, no status) as a spent quota', () => {
    const e = {
      name: 'GraphqlResponseError',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) },
      errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }],
    };

    expect(classify(e)).toEqual({ kind: 'rate-limited', reason: 'rate-limit', afterMs: 31_000 });
  });

  it('retries a 5xx, with the wait it names when it names one', () => {
    expect(classify(failed(502, {}))).toEqual({ kind: 'retry', reason: 'server-error' });
    expect(classify(failed(503, { 'retry-after': '3' }))).toEqual({
      kind: 'retry',
      reason: 'server-error',
      afterMs: 3000,
    });
  });

  it.each([400, 401, 404, 409, 422])('does not retry a plain %i', (status) => {
    expect(classify(failed(status, {}, 'Validation Failed'))).toEqual({ kind: 'terminal' });
  });

  it('does not retry a 403 that is a missing permission, not a limit', () => {
    const e = failed(403, { 'x-ratelimit-remaining': '4000' }, 'Resource not accessible by integration');

    expect(classify(e)).toEqual({ kind: 'terminal' });
  });

  it('does not retry a GraphQL error other than RATE_LIMITED', () => {
    const e = { name: 'GraphqlResponseError', errors: [{ type: 'FORBIDDEN', message: 'no' }] };

    expect(classify(e)).toEqual({ kind: 'terminal' });
  });
});
