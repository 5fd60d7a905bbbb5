import { describe, expect, it } from 'vitest';
import type { Fleet } from '../../../config/fleet.ts';
import { serviceProviders } from '../../../providers/services/api.ts';
import { soakMetricsOf } from '../../../src/verdicts/soak-metrics.ts';

const service = { provider: 'ingress-nginx', files: ['clusters/{cluster}/ingress.yaml'] };
const fleet = (clusterTag: string): Fleet => ({
  apiVersion: 'guard/v1',
  kind: 'Fleet',
  batches: ['test'],
  metrics: { provider: 'prometheus', clusterTag, alerts: 'fail' },
  clusters: [{ name: 'a', batch: 'test', environment: 'test', kubeconfig: { context: 'a' } }],
  services: { 'ingress-nginx': service },
});

describe('soak metrics of a service', () => {
  it("renames the providers' default cluster label to the fleet's clusterTag", () => {
    const provider = serviceProviders.get('ingress-nginx')!;

    const metrics = soakMetricsOf({ fleet: fleet('cluster'), provider, service });

    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) {
      expect(m.query).not.toContain('kube_cluster_name');
      expect(m.query).toMatch(/\bcluster\b/);
    }
  });

  it('keeps the defaults as written for the default tag, and appends the fleet’s own metrics', () => {
    const provider = serviceProviders.get('ingress-nginx')!;
    const own = { name: 'own', kind: 'rate' as const, query: 'sum(rate(x{$clusters}[1m])) by (cluster)' };

    const metrics = soakMetricsOf({
      fleet: fleet('kube_cluster_name'),
      provider,
      service: { ...service, metrics: [own] },
    });

    expect(metrics.some((m) => m.query.includes('kube_cluster_name'))).toBe(true);
    expect(metrics.at(-1)).toEqual(own);
  });

  it('adjusts a default named in fleet.yaml without a query, and replaces one named with a query', () => {
    const provider = serviceProviders.get('istio')!;
    const istio = { provider: 'istio', files: ['clusters/{cluster}/istio/*.yaml'] };
    const replaced = { name: 'mesh-p95-ms', kind: 'latency' as const, query: 'p95:my.latency{$clusters}' };

    const metrics = soakMetricsOf({
      fleet: fleet('kube_cluster_name'),
      provider,
      service: { ...istio, metrics: [{ name: 'mesh-5xx-ratio', max: 0.05, for: '2m' }, replaced] },
    });

    const names = metrics.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(metrics.find((m) => m.name === 'mesh-5xx-ratio')).toMatchObject({
      kind: 'ratio',
      query: expect.stringContaining('istio_requests_total'),
      volumeQuery: expect.stringContaining('istio_requests_total'),
      max: 0.05,
      for: '2m',
    });
    expect(metrics.find((m) => m.name === 'mesh-p95-ms')).toEqual(replaced);
  });
});
