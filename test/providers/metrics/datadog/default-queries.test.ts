import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../../../config/fleet.ts';
import { createDatadogMetrics } from '../../../../providers/metrics/datadog/index.ts';
import { serviceProviders } from '../../../../providers/services/api.ts';
import { API_KEY, APP_KEY, fakeDatadog } from './fake-datadog.ts';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 30);
const fake = fakeDatadog();
const server = setupServer(...fake.handlers);
const window = { from: NOW - 600_000, to: NOW, stepMs: 60_000 };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  fake.state.series = [];
});
afterAll(() => server.close());

const source = createDatadogMetrics({
  clusterTag: 'kube_cluster_name',
  env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY },
  clock: () => NOW,
  retry: { sleep: async () => {} },
});

const defaults = [...serviceProviders.values()].flatMap((provider) => {
  const extra = provider.id === 'helm' ? { chart: 'podinfo', workloads: ['deployment/podinfo'] } : {};
  const service = { provider: provider.id, files: ['x.yaml'], ...extra } as Service;
  return (provider.soakMetrics?.(service, 'datadog') ?? []).flatMap((m) =>
    [m.query, ...(m.volumeQuery ? [m.volumeQuery] : [])].map(
      (query) => [`${provider.id}/${m.name}`, query] as const,
    ),
  );
});

/** Series of `metric` for cluster `cluster` with extra tags, each reporting `value`. */
const put = (metric: string, cluster: string, value: number, tags: string[] = []) =>
  fake.state.series.push({ metric, tags: [`kube_cluster_name:${cluster}`, ...tags], value });

describe('default Datadog queries through the adapter and the API fake', () => {
  it.each(defaults)('%s is accepted as a v2 request: %s', async (_id, query) => {
    await expect(source.series({ query, clusters: ['a', 'b'], ...window })).resolves.toBeInstanceOf(Map);
  });

  it('reads the mesh 5xx share per cluster, and 0 for a cluster without a single 5xx', async () => {
    put('istio.mesh.request.count', 'a', 90, ['reporter:destination', 'response_code:200']);
    put('istio.mesh.request.count', 'a', 10, ['reporter:destination', 'response_code:503']);
    put('istio.mesh.request.count', 'a', 100, ['reporter:source', 'response_code:503']);
    put('istio.mesh.request.count', 'b', 50, ['reporter:destination', 'response_code:200']);
    const query = defaults.find(([id]) => id === 'istio/mesh-5xx-ratio')![1];

    const series = await source.series({ query, clusters: ['a', 'b'], ...window });

    expect(new Set(series.get('a')!.map(([, v]) => v))).toEqual(new Set([0.1]));
    expect(new Set(series.get('b')!.map(([, v]) => v))).toEqual(new Set([0]));
  });

  it('counts push send errors, and 0 on a cluster whose pushes all succeed', async () => {
    put('istio.pilot.xds.pushes.count', 'a', 40, ['type:cds']);
    put('istio.pilot.xds.pushes.count', 'a', 3, ['type:eds_senderr']);
    put('istio.pilot.xds.pushes.count', 'b', 40, ['type:cds']);
    const query = defaults.find(([id]) => id === 'istio/xds-push-errors')![1];

    const series = await source.series({ query, clusters: ['a', 'b'], ...window });

    expect(new Set(series.get('a')!.map(([, v]) => v))).toEqual(new Set([3]));
    expect(new Set(series.get('b')!.map(([, v]) => v))).toEqual(new Set([0]));
  });
});
