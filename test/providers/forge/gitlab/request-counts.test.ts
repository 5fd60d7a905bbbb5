import { describe, expect, it } from 'vitest';
import { openWave } from './open-wave.ts';

describe('GitLab request counts', () => {
  it.each([1, 10, 100, 500])('opens a wave of %i clusters in at most 6 requests', async (n) => {
    const { opening } = await openWave(n);

    expect(opening).toBeLessThanOrEqual(6);
  });

  it.each([1, 10, 100, 500])('reads %i files in at most 2 + ⌈N/50⌉ requests', async (n) => {
    const { reading } = await openWave(n);

    expect(reading).toBeLessThanOrEqual(2 + Math.ceil(n / 50));
  });
});
