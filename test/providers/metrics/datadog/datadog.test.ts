import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSettings } from '../../../../providers/metrics/api.ts';
import { apiBaseUrl } from '../../../../providers/metrics/datadog/client-configuration.ts';
import { DatadogApiError } from '../../../../providers/metrics/datadog/datadog-error.ts';
import { createDatadogMetrics } from '../../../../providers/metrics/datadog/index.ts';
import { RateLimitedError } from '../../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS } from '../../../../src/util/with-retry.ts';
import { API_KEY, APP_KEY, clusterMonitor, fakeDatadog } from './fake-datadog.ts';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 30);
const QUERY = 'sum:istio.requests{$clusters}.as_rate()';
const us = fakeDatadog();
const eu = fakeDatadog('https://api.datadoghq.eu');
const proxy = fakeDatadog('https://dd-proxy.internal/datadog');
const server = setupServer(...us.handlers, ...eu.handlers, ...proxy.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  for (const fake of [us, eu, proxy]) {
    fake.state.requests = [];
    fake.state.values.set('istio.requests', new Map([['a', 2]]));
  }
});
afterAll(() => server.close());

function source(overrides: Partial<MetricsSettings> = {}, env: Record<string, string> = {}) {
  return createDatadogMetrics({
    clusterTag: 'kube_cluster_name',
    env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, ...env },
    clock: () => NOW,
    retry: { sleep: async () => {} },
    ...overrides,
  });
}

const window = { from: NOW - 600_000, to: NOW, stepMs: 60_000 };

describe('Datadog metrics', () => {
  describe('the query window', () => {
    it('asks for the step as the rollup and ends one rollup before now, the newest bucket being incomplete', async () => {
      await source().series({ query: QUERY, clusters: ['a'], ...window });

      expect(us.state.requests[0]).toMatchObject({ from: NOW - 600_000, to: NOW - 60_000, interval: 60_000 });
    });

    it('uses an explicit rollup interval over the step', async () => {
      await source().series({ query: `${QUERY}.rollup(sum, 300)`, clusters: ['a'], ...window });

      expect(us.state.requests[0]).toMatchObject({ to: NOW - 300_000, interval: 300_000 });
    });

    it('drops a bucket that has not ended by now, by the interval Datadog answered with', async () => {
      // Datadog may answer with a larger rollup than asked for; its buckets' spacing shows which.
      const answer = {
        data: {
          type: 'timeseries_response',
          attributes: {
            series: [{ group_tags: ['kube_cluster_name:a'], query_index: 0, unit: [null] }],
            times: [NOW - 540_000, NOW - 240_000],
            values: [[1, 7]],
          },
        },
      };
      server.use(
        http.post('https://api.datadoghq.com/api/v2/query/timeseries', () => HttpResponse.json(answer)),
      );

      const result = await source().series({ query: QUERY, clusters: ['a'], ...window });

      expect(result.get('a')).toEqual([[(NOW - 540_000) / 1000, 1]]);
    });
  });

  describe('the request', () => {
    it('sends a classic query as named metric queries and one formula, scoped and grouped by cluster', async () => {
      await source().series({
        query: 'monotonic_diff(sum:x.total{$clusters}.rollup(max)) / sum:y{$clusters,env:prod}.as_count()',
        clusters: ['a', 'b'],
        ...window,
      });

      expect(us.state.requests[0]).toMatchObject({
        queries: [
          {
            data_source: 'metrics',
            name: 'q0',
            query:
              'sum:x.total{kube_cluster_name:a OR kube_cluster_name:b} by {kube_cluster_name}.rollup(max)',
          },
          {
            data_source: 'metrics',
            name: 'q1',
            query:
              'sum:y{env:prod AND (kube_cluster_name:a OR kube_cluster_name:b)} by {kube_cluster_name}.as_count()',
          },
        ],
        formulas: [{ formula: 'monotonic_diff(q0) / q1' }],
      });
    });

    it('carries a 1,000-cluster wave in the body of one POST, not in a URL proxies refuse', async () => {
      const clusters = Array.from({ length: 1000 }, (_, i) => `prod-cluster-${String(i).padStart(4, '0')}`);
      us.state.values.set('istio.requests', new Map(clusters.map((c) => [c, 1])));
      const urls: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      };

      const series = await source({ fetch }).series({ query: QUERY, clusters, ...window });

      expect(urls).toEqual(['https://api.datadoghq.com/api/v2/query/timeseries']);
      expect(us.state.requests[0]!.queries[0]!.query.length).toBeGreaterThan(30_000);
      expect(series.size).toBe(1000);
    });
  });

  describe('refusals', () => {
    it("reports a refused key as a typed 403 with Datadog's errors and what to check", async () => {
      const failure = source({}, { DD_APP_KEY: 'wrong' }).series({
        query: QUERY,
        clusters: ['a'],
        ...window,
      });

      await expect(failure).rejects.toBeInstanceOf(DatadogApiError);
      await expect(failure).rejects.toMatchObject({ status: 403, errors: ['Forbidden'], retryable: false });
      await expect(failure).rejects.toThrow(/HTTP 403: Forbidden \(check DD_API_KEY, DD_APP_KEY/);
    });

    it('reports a status the API reference does not list for the endpoint with its raw body, as retryable', async () => {
      server.use(
        http.post('https://api.datadoghq.com/api/v2/query/timeseries', () =>
          HttpResponse.text('upstream connect error', { status: 502 }),
        ),
      );

      const failure = source().series({ query: QUERY, clusters: ['a'], ...window });

      await expect(failure).rejects.toMatchObject({ status: 502, retryable: true });
      await expect(failure).rejects.toThrow(/HTTP 502: .*upstream connect error/);
    });

    it('types a refused monitor list the same way', async () => {
      const failure = source({}, { DD_APP_KEY: 'wrong' }).alerts(['a']);

      await expect(failure).rejects.toMatchObject({
        name: 'DatadogApiError',
        status: 403,
        errors: ['Forbidden'],
      });
      await expect(failure).rejects.toThrow(/Datadog refused to list monitors: HTTP 403/);
    });

    it('keeps the raw body of an event refusal whose status the SDK does not document (403 on events)', async () => {
      const failure = source({}, { DD_API_KEY: 'wrong' }).mark({ title: 't', text: 'x', clusters: ['a'] });

      await expect(failure).rejects.toMatchObject({ name: 'DatadogApiError', status: 403 });
      await expect(failure).rejects.toThrow(/refused the deployment event "t": HTTP 403: .*Forbidden/);
    });

    it('fails on the errors a 200 answer carries', async () => {
      server.use(
        http.post('https://api.datadoghq.com/api/v2/query/timeseries', () =>
          HttpResponse.json({ errors: 'formula evaluation failed' }),
        ),
      );

      await expect(source().series({ query: QUERY, clusters: ['a'], ...window })).rejects.toThrow(
        /rejected the metric query .*formula evaluation failed/,
      );
    });
  });

  describe('rate limits and outages (the one retry policy)', () => {
    it('waits a short X-RateLimit-Reset out in place after a 429 and tries again', async () => {
      us.state.throttle = { remaining: 2, resetSeconds: 2 };
      const waits: number[] = [];

      const result = await source({ retry: { sleep: async (ms) => void waits.push(ms) } }).series({
        query: QUERY,
        clusters: ['a'],
        ...window,
      });

      expect(waits).toEqual([2000, 2000]);
      expect(us.state.requests).toHaveLength(3);
      expect(result.get('a')?.length).toBeGreaterThan(0);
    });

    it('hands a long reset on as a RateLimitedError at once, without sleeping', async () => {
      us.state.throttle = { remaining: 1, resetSeconds: 42 };
      const waits: number[] = [];

      const failure = await source({ retry: { sleep: async (ms) => void waits.push(ms) } })
        .series({ query: QUERY, clusters: ['a'], ...window })
        .catch((e: unknown) => e);

      expect(failure).toBeInstanceOf(RateLimitedError);
      expect(failure).toMatchObject({ client: 'datadog', reason: 'rate-limit', retryAfterMs: 42_000 });
      expect(waits).toEqual([]);
      expect(us.state.requests).toHaveLength(1);
      us.state.throttle.remaining = 0;
    });

    it('hands a limit still in force after three tries on as a RateLimitedError, and never logs the keys', async () => {
      us.state.throttle = { remaining: 10, resetSeconds: 1 };
      const logged: unknown[] = [];
      const logger = {
        debug: (o: object, m: string) => void logged.push(o, m),
        warn: (o: object, m: string) => void logged.push(o, m),
      };

      const failure = source({ logger }).series({ query: QUERY, clusters: ['a'], ...window });

      await expect(failure).rejects.toBeInstanceOf(RateLimitedError);
      expect(us.state.requests).toHaveLength(RETRY_LIMITS.tries);
      expect(logged).toContainEqual(expect.objectContaining({ name: 'query', remaining: 0, reset: 1 }));
      expect(JSON.stringify(logged)).not.toContain(API_KEY);
      expect(JSON.stringify(logged)).not.toContain(APP_KEY);
      us.state.throttle.remaining = 0;
    });

    it('retries a 5xx with a short backoff, then says it is a Datadog server error', async () => {
      let calls = 0;
      server.use(
        http.get('https://api.datadoghq.com/api/v1/monitor', () => {
          calls += 1;
          return HttpResponse.json({ errors: ['Service Unavailable'] }, { status: 503 });
        }),
      );
      const waits: number[] = [];

      const failure = source({
        retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
      }).alerts(['a']);

      await expect(failure).rejects.toThrow(
        /HTTP 503: Service Unavailable \(a Datadog server error; try again later\)/,
      );
      expect(calls).toBe(RETRY_LIMITS.tries);
      expect(waits).toEqual([375, 750]);
    });
  });

  describe('site selection', () => {
    it('sends each client to its own site, without touching process.env', async () => {
      const before = process.env.DD_SITE;

      await source({}, { DD_SITE: 'datadoghq.eu' }).series({ query: QUERY, clusters: ['a'], ...window });
      await source().series({ query: QUERY, clusters: ['a'], ...window });

      expect(eu.state.requests).toHaveLength(1);
      expect(us.state.requests).toHaveLength(1);
      expect(process.env.DD_SITE).toBe(before);
    });

    it('lets DD_API_URL override the site, path prefix included', async () => {
      await source({}, { DD_SITE: 'datadoghq.eu', DD_API_URL: 'https://dd-proxy.internal/datadog/' }).series({
        query: QUERY,
        clusters: ['a'],
        ...window,
      });

      expect(proxy.state.requests).toHaveLength(1);
      expect(eu.state.requests).toHaveLength(0);
    });

    it.each([
      [{}, 'https://api.datadoghq.com'],
      [{ DD_SITE: 'us5.datadoghq.com' }, 'https://api.us5.datadoghq.com'],
      [{ DD_SITE: 'app.datadoghq.eu' }, 'https://api.datadoghq.eu'],
      [{ DD_SITE: 'ddog-gov.com', DD_API_URL: 'http://127.0.0.1:8126' }, 'http://127.0.0.1:8126'],
    ])('maps %j to %s', (env, url) => {
      expect(apiBaseUrl(env)).toBe(url);
    });

    it.each([
      [{ DD_SITE: 'datadoghq.com/evil?' }, /DD_SITE="datadoghq.com\/evil\?" is not a Datadog site/],
      [{ DD_API_URL: 'ftp://x' }, /DD_API_URL="ftp:\/\/x" is not an http\(s\) URL/],
    ])('refuses %j', (env, message) => {
      expect(() => apiBaseUrl(env)).toThrow(message);
    });
  });

  describe('deployment markers', () => {
    it('posts an info event tagged with service, version and every cluster of the wave', async () => {
      us.state.events = [];

      await source().mark({
        title: 'guard: istio 1.20.0 merged on test',
        text: 'x'.repeat(5000),
        clusters: ['a', 'b'],
        service: 'istio',
        version: '1.20.0',
      } as never);

      expect(us.state.events).toHaveLength(1);
      expect(us.state.events[0]).toMatchObject({
        title: 'guard: istio 1.20.0 merged on test',
        alert_type: 'info',
        tags: [
          'source:guard',
          'service:istio',
          'version:1.20.0',
          'kube_cluster_name:a',
          'kube_cluster_name:b',
        ],
      });
      expect(us.state.events[0]!.text).toHaveLength(4000);
    });
  });

  describe('monitors', () => {
    it('reports Alert and Warn groups per cluster and ignores OK ones and other clusters', async () => {
      us.state.monitors = [
        clusterMonitor(1, 'istio 5xx', { a: 'Alert', b: 'OK', c: 'Alert' }),
        clusterMonitor(2, 'istio latency', { b: 'Warn' }),
      ];

      const alerts = await source().alerts(['a', 'b', 'd']);

      // Since the group's last_triggered_ts, linked to the monitor on the default site's app.
      expect(Object.fromEntries(alerts)).toEqual({
        a: [
          {
            name: 'istio 5xx (Alert)',
            since: 1_736_164_000_000,
            url: 'https://app.datadoghq.com/monitors/1',
          },
        ],
        b: [
          {
            name: 'istio latency (Warn)',
            since: 1_736_164_000_000,
            url: 'https://app.datadoghq.com/monitors/2',
          },
        ],
        d: [],
      });
    });

    it('counts a simple monitor in Alert for the cluster its query scopes, not for a longer name', async () => {
      const simple = {
        ...clusterMonitor(3, 'api down', {}),
        overall_state: 'Alert',
        query: 'avg(last_5m):avg:up{kube_cluster_name:a} < 1',
        state: { groups: {} },
      };
      us.state.monitors = [simple];

      const alerts = await source().alerts(['a', 'a2']);

      expect(Object.fromEntries(alerts)).toEqual({
        a: [{ name: 'api down (Alert)', url: 'https://app.datadoghq.com/monitors/3' }],
        a2: [],
      });
    });

    it('reads every page of monitors', async () => {
      const quiet = Array.from({ length: 1000 }, (_, i) =>
        clusterMonitor(100 + i, `quiet ${i}`, { a: 'OK' }),
      );
      us.state.monitors = [...quiet, clusterMonitor(2000, 'late page', { a: 'Alert' })];

      const alerts = await source().alerts(['a']);

      expect(alerts.get('a')?.map((alert) => alert.name)).toEqual(['late page (Alert)']);
    });
  });
});
