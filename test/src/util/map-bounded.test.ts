import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../src/util/map-bounded.ts';

describe('mapBounded', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const run = mapBounded([1, 2, 3, 4, 5], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return n * 10;
    });

    // Release whichever calls are waiting until all five have run; no real time passes.
    while (release.length > 0 || inFlight > 0) {
      await Promise.resolve();
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }

    expect(await run).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  it('stops at the first failure and reports it', async () => {
    const run = mapBounded(['a', 'b'], 1, async (s) => {
      if (s === 'a') throw new Error('patch refused');
      return s;
    });

    await expect(run).rejects.toThrow('patch refused');
  });
});
