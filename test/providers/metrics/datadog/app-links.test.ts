import { describe, expect, it } from 'vitest';
import { datadogAppUrl, explorerUrl, monitorUrl } from '../../../../providers/metrics/datadog/app-links.ts';

describe('Datadog app links', () => {
  it.each([
    [{}, 'https://app.datadoghq.com'],
    [{ DD_SITE: 'datadoghq.eu' }, 'https://app.datadoghq.eu'],
    [{ DD_SITE: 'us3.datadoghq.com' }, 'https://us3.datadoghq.com'],
    [{ DD_SITE: 'ap1.datadoghq.com' }, 'https://ap1.datadoghq.com'],
    [{ DD_SITE: 'ddog-gov.com' }, 'https://app.ddog-gov.com'],
    [{ DD_SITE: 'app.datadoghq.eu' }, 'https://app.datadoghq.eu'],
    [{ DD_API_URL: 'https://dd-proxy.internal' }, undefined],
  ])(
    'finds the web app of %o at %s (the site table of docs.datadoghq.com/getting_started/site)',
    (env, app) => {
      expect(datadogAppUrl(env)).toBe(app);
    },
  );

  it('links a monitor to its page', () => {
    expect(monitorUrl('https://app.datadoghq.eu', 42)).toBe('https://app.datadoghq.eu/monitors/42');
    expect(monitorUrl(undefined, 42)).toBeUndefined();
  });

  it('opens the metric explorer at the first term of a query, for the cluster and the window', () => {
    const url = explorerUrl('https://app.datadoghq.com', 'kube_cluster_name', {
      query:
        '(sum:istio.mesh.request.count{($clusters) AND reporter:destination} by {kube_cluster_name}.as_count() - sum:x{$clusters}.as_count()) / sum:y{$clusters}',
      clusters: ['dev-1'],
      from: 1_714_989_600_000,
      to: 1_714_993_200_000,
    })!;

    const params = new URL(url).searchParams;
    expect(url.startsWith('https://app.datadoghq.com/metric/explorer?')).toBe(true);
    expect(Object.fromEntries(params)).toEqual({
      from_ts: '1714989600000',
      to_ts: '1714993200000',
      live: 'false',
      exp_metric: 'istio.mesh.request.count',
      exp_scope: 'kube_cluster_name:dev-1,reporter:destination',
      exp_agg: 'sum',
      exp_row_type: 'metric',
      exp_group: 'kube_cluster_name',
    });
  });

  it('has no link without an app (a proxy) or for a query it cannot read', () => {
    const link = { query: 'sum:x{$clusters}', clusters: ['a'], from: 0, to: 1 };

    expect(explorerUrl(undefined, 'kube_cluster_name', link)).toBeUndefined();
    expect(
      explorerUrl('https://app.datadoghq.com', 'kube_cluster_name', { ...link, query: '1 + 1' }),
    ).toBeUndefined();
  });
});
