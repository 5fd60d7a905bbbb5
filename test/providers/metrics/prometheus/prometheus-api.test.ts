import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../../../providers/metrics/prometheus/index.ts';
import { createPrometheusApi } from '../../../../providers/metrics/prometheus/prometheus-api.ts';

const BASE = 'http://prometheus.test:9090/prom';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const api = (maxBytes?: number) =>
  createPrometheusApi({
    baseUrl: BASE,
    fetch: (i, init) => fetch(i, init),
    ...(maxBytes ? { maxBytes } : {}),
  });

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
