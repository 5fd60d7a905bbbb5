/**
 * Paces content-creating requests under GitHub's secondary-limit guidance (about 80 a minute): a
 * bucket of `capacity` tokens refilled at `perMinute`, on an injected clock and sleep.
 */
export interface TokenBucket {
  /** Waits until a token is free, then takes it. */
  take(): Promise<void>;
}

export function createTokenBucket(input: {
  capacity: number;
  perMinute: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): TokenBucket {
  const msPerToken = 60_000 / input.perMinute;
  let tokens = input.capacity;
  let stamp = input.now();

  const refill = () => {
    const now = input.now();
    tokens = Math.min(input.capacity, tokens + (now - stamp) / msPerToken);
    stamp = now;
  };

  return {
    async take() {
      refill();
      while (tokens < 1) {
        await input.sleep(Math.ceil((1 - tokens) * msPerToken));
        refill();
      }
      tokens -= 1;
    },
  };
}
