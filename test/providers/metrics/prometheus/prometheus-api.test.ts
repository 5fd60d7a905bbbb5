import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../../../providers/metrics/prometheus/index.ts';
import { createPrometheusApi } from '../../../../providers/metrics/prometheus/prometheus-api.ts';
import { RateLimitedError } from '../../../../src/util/rate-limited-error.ts';

const BASE = 'http://prometheus.test:9090/prom';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let sleeps: number[] = [];
afterEach(() => {
  sleeps = [];
});

const api = (maxBytes?: number) =>
  createPrometheusApi({
    baseUrl: BASE,
    fetch: (i, init) => fetch(i, init),
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...(maxBytes ? { maxBytes } : {}),
  });

/** Answers `answers` in turn, the last one for every later request; counts the requests. */
function answering(method: 'get' | 'post', path: string, answers: (() => Response)[]) {
  const seen = { calls: 0 };
  server.use(
    http[method](`${BASE}${path}`, () => {
      const answer = answers[Math.min(seen.calls, answers.length - 1)]!;
      seen.calls += 1;
      return answer();
    }),
  );
  return seen;
}

describe('Prometheus HTTP API', () => {
  it('posts the query as a form under the URL prefix and returns data', async () => {
    let form = '';
    server.use(
      http.post(`${BASE}/api/v1/query_range`, async ({ request }) => {
        form = await request.text();
        return HttpResponse.json({ status: 'success', data: { resultType: 'matrix', result: [] } });
      }),
    );

    const data = await api()('/api/v1/query_range', { query: 'up{a="b"}', step: '60' }, 'the query');

    expect(data).toEqual({ resultType: 'matrix', result: [] });
    expect(new URLSearchParams(form).get('query')).toBe('up{a="b"}');
  });

  it("carries Prometheus's error type and text", async () => {
    server.use(
      http.post(`${BASE}/api/v1/query_range`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'execution', error: 'query timed out in expression evaluation' },
          { status: 503 },
        ),
      ),
    );

    await expect(api()('/api/v1/query_range', { query: 'up' }, 'the query "up"')).rejects.toThrow(
      'Prometheus rejected the query "up" (HTTP 503): execution: query timed out in expression evaluation',
    );
  });

  it('tries a query Prometheus timed out (503, its documented answer) again after a short backoff', async () => {
    const timedOut = () =>
      HttpResponse.json(
        { status: 'error', errorType: 'timeout', error: 'query timed out in query execution' },
        { status: 503 },
      );
    const ok = () => HttpResponse.json({ status: 'success', data: { resultType: 'matrix', result: [] } });
    const seen = answering('post', '/api/v1/query_range', [timedOut, timedOut, ok]);

    const data = await api()('/api/v1/query_range', { query: 'up' }, 'the query');

    expect(data).toEqual({ resultType: 'matrix', result: [] });
    expect(seen.calls).toBe(3);
    expect(sleeps).toEqual([375, 750]);
  });

  it('tries a dropped connection again', async () => {
    const ok = () => HttpResponse.json({ status: 'success', data: [] });
    const seen = answering('get', '/api/v1/alerts', [() => HttpResponse.error(), ok]);

    await api()('/api/v1/alerts', undefined, 'the alerts list');

    expect(seen.calls).toBe(2);
  });

  it.each([
    [400, 'bad_data', 'invalid parameter "query": 1:4: parse error'],
    [422, 'execution', 'many-to-many matching not allowed'],
  ])('does not retry a %i (%s): the query is at fault', async (status, errorType, error) => {
    const seen = answering('post', '/api/v1/query_range', [
      () => HttpResponse.json({ status: 'error', errorType, error }, { status }),
    ]);

    await expect(api()('/api/v1/query_range', { query: 'up' }, 'the query')).rejects.toThrow(
      `(HTTP ${status}): ${errorType}: ${error}`,
    );
    expect(seen.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('hands a long Retry-After of a limiting proxy on as a RateLimitedError, without sleeping', async () => {
    const seen = answering('post', '/api/v1/query_range', [
      () =>
        new HttpResponse('too many outstanding requests', { status: 429, headers: { 'retry-after': '120' } }),
    ]);

    const error = await api()('/api/v1/query_range', { query: 'up' }, 'the query').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ client: 'prometheus', retryAfterMs: 120_000 });
    expect(seen.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('stops reading an answer larger than the bound', async () => {
    const huge = JSON.stringify({ status: 'success', data: { result: [{ values: 'x'.repeat(10_000) }] } });
    server.use(http.get(`${BASE}/api/v1/alerts`, () => new HttpResponse(huge)));

    await expect(api(4096)('/api/v1/alerts', undefined, 'the alerts list')).rejects.toThrow(
      /answer to the alerts list exceeds 4096 bytes; narrow the query or the window/,
    );
  });

  it('says which URL did not answer', async () => {
    server.use(http.get(`${BASE}/api/v1/alerts`, () => HttpResponse.error()));

    await expect(api()('/api/v1/alerts', undefined, 'the alerts list')).rejects.toThrow(
      /Prometheus at http:\/\/prometheus.test:9090\/prom did not answer the alerts list: .*check PROMETHEUS_URL/,
    );
  });

  it('refuses a series that is several per cluster, saying how to aggregate', async () => {
    const result = [
      { metric: { kube_cluster_name: 'a', pod: 'p1' }, values: [[1, '1']] },
      { metric: { kube_cluster_name: 'a', pod: 'p2' }, values: [[1, '2']] },
    ];
    server.use(
      http.post(`${BASE}/api/v1/query_range`, () =>
        HttpResponse.json({ status: 'success', data: { resultType: 'matrix', result } }),
      ),
    );
    const source = createPrometheusMetrics({
      clusterTag: 'kube_cluster_name',
      env: { PROMETHEUS_URL: BASE },
      clock: () => 10_000,
    });

    const failure = source.series({
      query: 'x{$clusters}',
      clusters: ['a'],
      from: 0,
      to: 10_000,
      stepMs: 1000,
    });

    await expect(failure).rejects.toThrow(
      /returns several series for kube_cluster_name="a"; aggregate it, e.g. sum by \(kube_cluster_name\)/,
    );
  });
});
