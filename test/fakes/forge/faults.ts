import type { ForgeKind } from '../../../src/ports/forge.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS } from '../../../src/util/with-retry.ts';

/** What a forge answers under load (the contract harness's `failNext` kinds). */
export type ForgeFailure = 'rate-limit' | 'secondary-limit' | 'server-error';

/** Tries per port call, the first included: the one retry policy's (src/util/with-retry.ts). */
export const MAX_TRIES = RETRY_LIMITS.tries;

/** How far off the reset of a spent quota is in the fake (both forges answer about a minute). */
const QUOTA_RESET_MS = 60_000;

/** The status each failure carries: GitHub answers its limits with 403, GitLab with 429; 502 for both. */
const STATUS: Record<ForgeKind, Record<ForgeFailure, number>> = {
  github: { 'rate-limit': 403, 'secondary-limit': 403, 'server-error': 502 },
  gitlab: { 'rate-limit': 429, 'secondary-limit': 429, 'server-error': 502 },
};

/**
 * An answer the forge gave that is not a success, as the adapters surface it: an Error with the
 * HTTP `status` (GitHubRequestError carries it; the engine reads it to tell refusals from outages).
 */
export class FakeForgeError extends Error {
  override name = 'FakeForgeError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(`fake forge answered ${status}: ${message}`);
    this.status = status;
  }
}

/**
 * Faults and the request log of the fake forge. The fake has no HTTP, so a port call is one
 * request, and the adapters' retry layer is modelled here: a call is tried up to MAX_TRIES times,
 * each try taking the next injected failure and showing up in `requests()`; after the last try it
 * throws the give-up error the adapters throw (status of the last answer). A spent quota
 * (`rate-limit`) is not waited for in place: the call throws a RateLimitedError at once. A refusal (a 4xx the
 * forge keeps answering) is not retried, as the adapters do not retry 4xx. Nothing waits: the
 * adapters' backoff is not observable in memory.
 */
export function createFaults(kind: ForgeKind) {
  const queued: ForgeFailure[] = [];
  const refusals = new Map<string, number>();
  const limits = new Map<string, number>();
  const log: { method: string; url: string }[] = [];
  let calls = 0;

  return {
    /** Runs before every port call; throws what the adapter would throw after its tries. */
    attempt(verb: string, method: 'GET' | 'POST'): void {
      calls += 1;
      for (let attempt = 1; ; attempt++) {
        log.push({ method, url: `fake-forge:${verb}` });
        const limited = limits.get(verb);
        if (limited !== undefined)
          throw new RateLimitedError({ client: kind, retryAfterMs: limited, reason: 'rate-limit' });
        const refused = refusals.get(verb);
        if (refused !== undefined) throw new FakeForgeError(refused, `${verb} refused`);
        const failure = queued.shift();
        if (failure === undefined) return;
        if (failure === 'rate-limit')
          throw new RateLimitedError({ client: kind, retryAfterMs: QUOTA_RESET_MS, reason: 'rate-limit' });
        if (attempt >= MAX_TRIES) {
          throw new FakeForgeError(
            STATUS[kind][failure],
            `${verb} failed with ${failure} after ${attempt} tries; the next reconcile tries again`,
          );
        }
      }
    },
    failNext(times: number, failure: ForgeFailure = 'server-error'): void {
      for (let i = 0; i < times; i++) queued.push(failure);
    },
    refuse(verb: string, status: number | undefined): void {
      if (status === undefined) refusals.delete(verb);
      else refusals.set(verb, status);
    },
    limit(verb: string, retryAfterMs: number | undefined): void {
      if (retryAfterMs === undefined) limits.delete(verb);
      else limits.set(verb, retryAfterMs);
    },
    requests: (): readonly { method: string; url: string }[] => [...log],
    resetRequests: () => {
      log.length = 0;
    },
    calls: () => calls,
  };
}
