import type { CheckOutcome, ProviderContext, SoakMetric } from '../../src/ports/service-provider.ts';
import { findObject } from './shared/checks.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import { num } from './shared/kube.ts';
import { CLUSTER_LABEL, ddCount, promIncrease, promSelector } from './shared/queries.ts';

/**
 * external-dns from the kubernetes-sigs `external-dns` chart. It has no leader election, so more
 * than one replica means two writers racing over the same records: a warning before the upgrade.
 * Soak: source and registry errors (a new version that cannot read Services/Ingresses or its TXT
 * ownership records fails here long before anyone notices stale DNS), and time since the last
 * successful sync on Prometheus.
 */
export const externalDns = defineHelmProvider({
  id: 'external-dns',
  chart: 'external-dns',
  namespace: 'external-dns',
  workloads: ['deployment/external-dns'],
  metrics: { prometheus: prometheusMetrics, datadog: datadogMetrics },
  prechecks: async (ctx, set) => {
    const deploys = set.names.filter((n) => n.startsWith('deployment/')).map((n) => n.slice(11));
    return Promise.all(deploys.map((name) => singleWriter(ctx, set.namespace, name)));
  },
});

async function singleWriter(ctx: ProviderContext, namespace: string, name: string): Promise<CheckOutcome> {
  const check = 'single-replica';
  const deploy = await findObject(ctx, { apiVersion: 'apps/v1', kind: 'Deployment', namespace }, name);
  if (!deploy) return { check, status: 'fail', reason: `deployment ${namespace}/${name} not found` };
  const replicas = typeof deploy.spec?.replicas === 'number' ? num(deploy.spec, 'replicas') : 1;
  if (replicas > 1) {
    return {
      check,
      status: 'warn',
      reason: `${name} runs ${replicas} replicas; external-dns has no leader election, so they race over records`,
    };
  }
  return { check, status: 'pass', reason: `${name} runs one replica` };
}

function prometheusMetrics(): SoakMetric[] {
  return [
    {
      name: 'source-errors',
      kind: 'count',
      query: promIncrease('external_dns_source_errors_total'), // kubernetes-sigs/external-dns controller/controller.go (counter, no labels)
      minDelta: 1,
    },
    {
      name: 'registry-errors',
      kind: 'count',
      query: promIncrease('external_dns_registry_errors_total'), // kubernetes-sigs/external-dns controller/controller.go (counter, no labels)
      minDelta: 1,
    },
    {
      name: 'seconds-since-sync',
      kind: 'gauge',
      direction: 'increase',
      query: `time() - max by (${CLUSTER_LABEL}) (${promSelector('external_dns_controller_last_sync_timestamp_seconds')})`, // kubernetes-sigs/external-dns controller/controller.go (gauge, seconds)
      maxIncreasePercent: 100,
      minDelta: 300,
    },
  ];
}

function datadogMetrics(): SoakMetric[] {
  // The check is OpenMetrics V1, whose counters arrive as monotonic counts: summed, not differenced.
  return [
    {
      name: 'source-errors',
      kind: 'count',
      query: ddCount('external_dns.source.errors.total'), // DataDog/integrations-core external_dns/datadog_checks/external_dns/metrics.py
      minDelta: 1,
    },
    {
      name: 'registry-errors',
      kind: 'count',
      query: ddCount('external_dns.registry.errors.total'), // DataDog/integrations-core external_dns/datadog_checks/external_dns/metrics.py
      minDelta: 1,
    },
  ];
}
