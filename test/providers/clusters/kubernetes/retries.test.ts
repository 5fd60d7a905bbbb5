import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKubernetesClusters,
  type KubernetesClusters,
} from '../../../../providers/clusters/kubernetes/index.ts';
import { RateLimitedError } from '../../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS } from '../../../../src/util/with-retry.ts';
import { GOOD_TOKEN, type Harness, startHarness } from './harness.ts';
import { notFound, serviceUnavailable, tooManyRequests } from './kube-status.ts';

let h: Harness;
let clusters: KubernetesClusters;
let sleeps: number[];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.api.faults = [];
  h.api.requests = [];
  sleeps = [];
  clusters = createKubernetesClusters({
    fleet: h.fleet,
    kubeconfig: h.kubeconfig,
    tokenFor: async () => ({ token: GOOD_TOKEN }),
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
});

const nodeCalls = () => h.api.requests.filter((r) => r.startsWith('GET /api/v1/nodes'));

describe('kubernetes clusters under the one retry policy (the API server’s documented Status answers)', () => {
  it('tries a 503 ServiceUnavailable again after a short backoff', async () => {
    h.api.faults.push(serviceUnavailable(), serviceUnavailable());

    const notReady = await clusters.notReadyNodes('dev');

    expect(Array.isArray(notReady)).toBe(true);
    expect(nodeCalls()).toHaveLength(3);
    expect(sleeps).toEqual([375, 750]);
  });

  it('waits a short Retry-After of API Priority and Fairness in place', async () => {
    h.api.faults.push(tooManyRequests(1));

    await clusters.notReadyNodes('dev');

    expect(sleeps).toEqual([1000]);
    expect(nodeCalls()).toHaveLength(2);
  });

  it('hands a long Retry-After on as a RateLimitedError, without sleeping and unwrapped', async () => {
    h.api.faults.push(tooManyRequests(30));

    const error = await clusters.notReadyNodes('dev').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ client: 'kubernetes', reason: 'rate-limit', retryAfterMs: 30_000 });
    expect(sleeps).toEqual([]);
    expect(nodeCalls()).toHaveLength(1);
  });

  it('hands a limit on from the readiness probe too, instead of reporting the cluster not ready', async () => {
    h.api.faults.push(tooManyRequests(30));

    await expect(clusters.apiStatus('dev')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('gives a 503 up after the policy’s tries, explained', async () => {
    for (let i = 0; i < 5; i++) h.api.faults.push(serviceUnavailable());

    await expect(clusters.notReadyNodes('dev')).rejects.toThrow(/^dev: API answered 503/);
    expect(nodeCalls()).toHaveLength(RETRY_LIMITS.tries);
  });

  it('does not retry the cluster’s own answer about the request (404)', async () => {
    h.api.faults.push(notFound('', 'nodes', 'x'));

    await expect(clusters.notReadyNodes('dev')).rejects.toThrow(/^dev: API answered 404/);
    expect(nodeCalls()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('tries a refused connection again (an API server restarting), then explains it', async () => {
    await expect(clusters.notReadyNodes('gone')).rejects.toThrow(/^gone: API server unreachable/);

    expect(sleeps).toEqual([375, 750]);
  });
});
