import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fleet } from '../../config/fleet.ts';
import { metricsSources } from '../../providers/metrics/api.ts';
import type { MetricsBackend } from '../../src/ports/service-provider.ts';

const METRICS_DIR = join(import.meta.dirname, '../../providers/metrics');

describe('metrics source registry', () => {
  it('registers one source per folder under providers/metrics/, and a folder for every source', () => {
    const folders = readdirSync(METRICS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect(Object.keys(metricsSources).sort()).toEqual(folders);
  });

  it('offers exactly the providers fleet.yaml accepts', () => {
    const accepted = Fleet.shape.metrics.unwrap().shape.provider.options;

    expect(Object.keys(metricsSources).sort()).toEqual([...accepted].sort());
  });

  it('builds each source from settings without touching the network', () => {
    const env = { DD_API_KEY: 'k', DD_APP_KEY: 'a', PROMETHEUS_URL: 'http://127.0.0.1:9090' };
    const fetch = () => Promise.reject(new Error('no network in this test'));

    for (const factory of Object.values(metricsSources)) {
      const source = factory({ clusterTag: 'kube_cluster_name', env, fetch });

      expect(typeof source.series).toBe('function');
    }
  });

  it.each([
    ['datadog', {}, /needs DD_API_KEY and DD_APP_KEY/],
    ['prometheus', {}, /needs PROMETHEUS_URL as an http\(s\) URL \(got ""\)/],
    ['prometheus', { PROMETHEUS_URL: 'prometheus:9090' }, /got "prometheus:9090"/],
  ] as [MetricsBackend, Record<string, string>, RegExp][])(
    'refuses to build %s without its settings, naming them',
    (name, env, message) => {
      const factory = metricsSources[name];

      expect(() => factory({ clusterTag: 'kube_cluster_name', env })).toThrow(message);
    },
  );
});
