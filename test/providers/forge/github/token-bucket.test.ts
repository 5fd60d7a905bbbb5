import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../../providers/forge/github/token-bucket.ts';

function bucket() {
  let now = 0;
  const sleeps: number[] = [];
  const b = createTokenBucket({
    capacity: 3,
    perMinute: 60,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { b, sleeps, advance: (ms: number) => (now += ms) };
}

describe('token bucket for content-creating requests', () => {
  it('lets a burst up to its capacity through without waiting', async () => {
    const { b, sleeps } = bucket();

    for (let i = 0; i < 3; i++) await b.take();

    expect(sleeps).toEqual([]);
  });

  it('then paces requests at the per-minute rate', async () => {
    const { b, sleeps } = bucket();

    for (let i = 0; i < 6; i++) await b.take();

    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('refills while idle', async () => {
    const { b, sleeps, advance } = bucket();
    for (let i = 0; i < 3; i++) await b.take();

    advance(2000);
    await b.take();
    await b.take();

    expect(sleeps).toEqual([]);
  });
});
