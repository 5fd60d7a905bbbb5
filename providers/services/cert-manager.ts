import type { CheckOutcome, ProviderContext, SoakMetric } from '../../src/ports/service-provider.ts';
import { parseSemVer } from '../../src/version/semver.ts';
import { deploymentAvailable } from './shared/checks.ts';
import { defineHelmProvider } from './shared/helm-like.ts';
import { listSome } from './shared/kube.ts';
import { ddQuery, promIncrease, promOrZero, promSelector, promSum } from './shared/queries.ts';

/** The CRDs cert-manager cannot run without; an upgrade with any missing fails every Certificate. */
export const CERT_MANAGER_CRDS = [
  'certificaterequests.cert-manager.io',
  'certificates.cert-manager.io',
  'challenges.acme.cert-manager.io',
  'clusterissuers.cert-manager.io',
  'issuers.cert-manager.io',
  'orders.acme.cert-manager.io',
];

/**
 * cert-manager from the jetstack `cert-manager` chart (versions with a `v`, e.g. v1.14.4). Its
 * upgrade notes ask for one minor version at a time; prechecks look for its CRDs and a ready
 * webhook (without it every Certificate and Issuer write is refused); soak watches certificates
 * that stop being Ready and controller sync errors.
 */
export const certManager = defineHelmProvider({
  id: 'cert-manager',
  chart: 'cert-manager',
  namespace: 'cert-manager',
  workloads: [
    'deployment/cert-manager',
    'deployment/cert-manager-webhook',
    'deployment/cert-manager-cainjector',
  ],
  upgradePath: oneMinorAtATime,
  metrics: { prometheus: prometheusMetrics, datadog: datadogMetrics },
  prechecks: async (ctx, set) => {
    const webhook = set.names.find((n) => n.startsWith('deployment/') && n.includes('webhook'));
    return [
      await crdsPresent(ctx),
      await deploymentAvailable(
        ctx,
        'webhook-available',
        set.namespace,
        webhook?.slice(11) ?? 'cert-manager-webhook',
      ),
    ];
  },
});

function oneMinorAtATime(from: string, to: string): string | undefined {
  const a = parseSemVer(from);
  const b = parseSemVer(to);
  if (!a || !b) return undefined;
  if (a.major !== b.major) return `cert-manager cannot move across major versions (${from} → ${to})`;
  const step = Math.abs(b.minor - a.minor);
  if (step <= 1) return undefined;
  const via = `${b.vPrefix ? 'v' : ''}${a.major}.${a.minor + Math.sign(b.minor - a.minor)}`;
  return `cert-manager ${from} → ${to} crosses ${step} minor versions; upgrade one minor at a time (go to ${via} first)`;
}

async function crdsPresent(ctx: ProviderContext): Promise<CheckOutcome> {
  const crds = await ctx.clusters.list(ctx.cluster.name, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
  });
  const present = new Set(crds.map((c) => c.metadata.name));
  const missing = CERT_MANAGER_CRDS.filter((name) => !present.has(name));
  if (missing.length > 0) {
    return {
      check: 'crds-present',
      status: 'fail',
      reason: `cert-manager CRDs missing: ${listSome(missing)}; install them (chart value crds.enabled) before upgrading`,
    };
  }
  return {
    check: 'crds-present',
    status: 'pass',
    reason: `all ${CERT_MANAGER_CRDS.length} cert-manager CRDs present`,
  };
}

function prometheusMetrics(): SoakMetric[] {
  // Sync calls are counted from the controller's first reconcile: the anchor for clusters that
  // have no Certificate yet, or no sync error yet.
  const syncs = promIncrease('certmanager_controller_sync_call_count');
  return [
    {
      name: 'certificates-not-ready',
      kind: 'count',
      query: promOrZero(
        promSum(promSelector('certmanager_certificate_ready_status', ['condition="False"'])),
        syncs,
      ), // cert-manager/cert-manager pkg/metrics/certificates.go (gauge, labels condition, name, namespace)
      minDelta: 0.5,
    },
    {
      name: 'sync-errors',
      kind: 'count',
      query: promOrZero(promIncrease('certmanager_controller_sync_error_count'), syncs), // cert-manager/cert-manager pkg/metrics/metrics.go (counter, label controller)
      minDelta: 1,
    },
  ];
}

function datadogMetrics(): SoakMetric[] {
  return [
    {
      name: 'certificates-not-ready',
      kind: 'count',
      query: ddQuery('sum', 'cert_manager.certificate.ready_status', ['condition:false']), // DataDog/integrations-core cert_manager/metadata.csv (gauge)
      minDelta: 0.5,
    },
  ];
}
