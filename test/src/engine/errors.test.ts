import { describe, expect, it } from 'vitest';
import { refusedForGood } from '../../../src/engine/errors.ts';

describe('refusedForGood (which failed actions the engine abandons at once)', () => {
  it.each([400, 404, 405, 410, 422])('abandons a forge refusal with HTTP %i', (status) => {
    expect(refusedForGood({ status })).toBe(true);
  });

  it.each([401, 403, 408, 409, 429, 500, 502])('tries HTTP %i again later', (status) => {
    expect(refusedForGood({ status })).toBe(false);
  });

  it('abandons an error its adapter marks refused though its status is 200 (a GraphQL refusal)', () => {
    expect(refusedForGood({ status: 200, refused: true })).toBe(true);
    expect(refusedForGood({ status: 200 })).toBe(false);
  });

  it('tries errors without a status again later (a dropped connection)', () => {
    expect(refusedForGood(new Error('socket hang up'))).toBe(false);
    expect(refusedForGood(undefined)).toBe(false);
  });
});
