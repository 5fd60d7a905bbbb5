import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { externalDns } from '../../../providers/services/external-dns.ts';
import { deploymentObject, providerContext } from './provider-context.ts';

const service: Service = { provider: 'external-dns', files: ['clusters/{cluster}/dns/*.yaml'] };

describe('external-dns provider', () => {
  it('passes with the single replica external-dns is designed for', async () => {
    const outcomes = await externalDns.prechecks!(
      providerContext(service, [deploymentObject('external-dns', 'external-dns')]),
    );

    expect(outcomes).toEqual([
      { check: 'single-replica', status: 'pass', reason: 'external-dns runs one replica' },
    ]);
  });

  it('warns when two replicas would race over the same records', async () => {
    const objects = [deploymentObject('external-dns', 'external-dns', { replicas: 2 })];

    const outcomes = await externalDns.prechecks!(providerContext(service, objects));

    expect(outcomes).toEqual([
      {
        check: 'single-replica',
        status: 'warn',
        reason:
          'external-dns runs 2 replicas; external-dns has no leader election, so they race over records',
      },
    ]);
  });

  it('fails when its deployment is missing', async () => {
    const outcomes = await externalDns.prechecks!(providerContext(service, []));

    expect(outcomes[0]).toMatchObject({
      status: 'fail',
      reason: 'deployment external-dns/external-dns not found',
    });
  });

  it('soaks on source and registry errors and time since the last sync', () => {
    const prom = externalDns.soakMetrics!(service, 'prometheus');
    const dd = externalDns.soakMetrics!(service, 'datadog');

    expect(prom.map((m) => m.name)).toEqual([
      'container-restarts',
      'crashloopbackoff',
      'source-errors',
      'registry-errors',
      'seconds-since-sync',
    ]);
    expect(prom[3]!.query).toBe(
      'sum by (kube_cluster_name) (increase(external_dns_registry_errors_total{$clusters}[5m]))',
    );
    expect(dd.find((m) => m.name === 'source-errors')!.query).toBe(
      'sum:external_dns.source.errors.total{$clusters} by {kube_cluster_name}.as_count()',
    );
  });
});
