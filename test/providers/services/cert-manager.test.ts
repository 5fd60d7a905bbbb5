import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { CERT_MANAGER_CRDS, certManager } from '../../../providers/services/cert-manager.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import type { KubeObject } from '../../../src/ports/clusters.ts';
import { snapshotOf } from '../../../src/repo/repo-snapshot.ts';
import { deploymentObject, providerContext } from './provider-context.ts';

const service: Service = { provider: 'cert-manager', files: ['clusters/{cluster}/cert-manager/*.yaml'] };
const crd = (name: string): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
});
const healthy = () => [
  ...CERT_MANAGER_CRDS.map(crd),
  deploymentObject('cert-manager', 'cert-manager-webhook'),
];

describe('cert-manager provider', () => {
  it('bumps the jetstack chart and watches its three deployments in cert-manager by default', () => {
    expect(certManager.charts(service)).toEqual([{ name: 'cert-manager', required: true }]);
    expect(certManager.workloads!(service)).toEqual({
      namespace: 'cert-manager',
      names: [
        'deployment/cert-manager',
        'deployment/cert-manager-webhook',
        'deployment/cert-manager-cainjector',
      ],
    });
  });

  it('allows one minor version at a time and refuses two, naming the step between', () => {
    expect(
      certManager.checkUpgradePath({ from: 'v1.13.3', to: 'v1.14.4', strategy: 'in-place' }),
    ).toBeUndefined();
    expect(certManager.checkUpgradePath({ from: 'v1.12.6', to: 'v1.14.4', strategy: 'in-place' })).toBe(
      'cert-manager v1.12.6 → v1.14.4 crosses 2 minor versions; upgrade one minor at a time (go to v1.13 first)',
    );
  });

  it('plans a Flux HelmRelease with a v-prefixed version, keeping the prefix', () => {
    const fleet = `apiVersion: guard/v1
kind: Fleet
batches: [dev]
clusters:
  - { name: dev-use1, batch: dev, environment: dev, kubeconfig: { context: dev-use1 } }
services:
  cert-manager:
    provider: cert-manager
    files: ["clusters/{cluster}/cert-manager/*.yaml"]
`;
    const release = (v: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: cert-manager, namespace: cert-manager }
spec:
  chart:
    spec:
      chart: cert-manager
      version: ${v}
      sourceRef: { kind: HelmRepository, name: jetstack, namespace: flux-system }
  values:
    crds: { enabled: true }
`;
    const repo = snapshotOf({
      'guard/fleet.yaml': fleet,
      'guard/upgrade.yaml':
        'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: cert-manager\nversion: v1.14.4\n',
      'clusters/dev-use1/cert-manager/release.yaml': release('v1.13.3'),
    });

    const result = planRepo({
      repo,
      providers: lookupServiceProvider,
      providerIds: [...serviceProviders.keys()],
    });

    expect(result.diagnostics).toEqual([]);
    expect(result.plans[0]!.waves[0]!.edits[0]!.after).toBe(release('v1.14.4'));
  });

  it('passes its prechecks when every CRD is there and the webhook is available', async () => {
    const outcomes = await certManager.prechecks!(providerContext(service, healthy()));

    expect(outcomes.map((o) => [o.check, o.status])).toEqual([
      ['crds-present', 'pass'],
      ['webhook-available', 'pass'],
    ]);
  });

  it('fails when a CRD is missing, naming it', async () => {
    const objects = healthy().filter((o) => o.metadata.name !== 'certificates.cert-manager.io');

    const outcomes = await certManager.prechecks!(providerContext(service, objects));

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'crds-present',
        status: 'fail',
        reason:
          'cert-manager CRDs missing: certificates.cert-manager.io; install them (chart value crds.enabled) before upgrading',
      },
    ]);
  });

  it('fails when the webhook deployment is not available', async () => {
    const objects = [
      ...CERT_MANAGER_CRDS.map(crd),
      deploymentObject('cert-manager', 'cert-manager-webhook', { available: false }),
    ];

    const outcomes = await certManager.prechecks!(providerContext(service, objects));

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'webhook-available',
        status: 'fail',
        reason: 'deployment cert-manager/cert-manager-webhook is not available (MinimumReplicasUnavailable)',
      },
    ]);
  });

  it('soaks on restarts, CrashLoopBackOff, not-ready certificates and sync errors with Prometheus', () => {
    const metrics = certManager.soakMetrics!(service, 'prometheus');

    expect(metrics.map((m) => m.name)).toEqual([
      'container-restarts',
      'crashloopbackoff',
      'certificates-not-ready',
      'sync-errors',
    ]);
    // A cluster without Certificates answers 0 (anchored to the controller's sync calls), not nothing.
    expect(metrics[2]!.query).toBe(
      '(sum by (kube_cluster_name) (certmanager_certificate_ready_status{$clusters,condition="False"}) or ' +
        '0 * sum by (kube_cluster_name) (increase(certmanager_controller_sync_call_count{$clusters}[5m])))',
    );
  });

  it('reads the same health from Datadog tags of the three deployments', () => {
    const metrics = certManager.soakMetrics!(service, 'datadog');

    expect(metrics[0]!.query).toBe(
      'monotonic_diff(sum:kubernetes.containers.restarts{($clusters) AND kube_namespace:cert-manager AND ' +
        '(kube_deployment:cert-manager OR kube_deployment:cert-manager-webhook OR kube_deployment:cert-manager-cainjector)} by {kube_cluster_name}.rollup(max))',
    );
    expect(metrics.map((m) => m.name)).toContain('certificates-not-ready');
  });
});
