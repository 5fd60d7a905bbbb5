import { describe, expect, it } from 'vitest';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { istio } from '../../../providers/services/istio.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { snapshotOf } from '../../../src/repo/repo-snapshot.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { meshAt } from './istio-world.ts';

const FLEET = `apiVersion: guard/v1
kind: Fleet
batches: [prod]
clusters:
  - { name: prod-use1, batch: prod, environment: prod, kubeconfig: { context: prod-use1 } }
services:
  istio:
    provider: istio
    files: ["clusters/{cluster}/istio/*.yaml"]
`;

// As a platform team writes it: Flux HelmReleases with comments, one file for the control plane.
const controlPlane = (version: string) => `# Istio control plane (PLAT-2231)
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: istio-base
  namespace: istio-system
spec:
  interval: 10m
  chart:
    spec:
      chart: base
      version: "${version}"   # keep in step with istiod
      sourceRef: { kind: HelmRepository, name: istio, namespace: flux-system }
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: istiod
  namespace: istio-system
spec:
  dependsOn: [{ name: istio-base }]
  chart:
    spec:
      chart: istiod
      version: "${version}"
      sourceRef: { kind: HelmRepository, name: istio, namespace: flux-system }
  values:
    pilot: { replicaCount: 2 }
`;

function plan(target: string) {
  const repo = snapshotOf({
    'guard/fleet.yaml': FLEET,
    'guard/upgrade.yaml': `apiVersion: guard/v1\nkind: UpgradeRequest\nservice: istio\nversion: ${target}\n`,
    'clusters/prod-use1/istio/control-plane.yaml': controlPlane('1.19.5'),
  });
  return planRepo({ repo, providers: lookupServiceProvider, providerIds: [...serviceProviders.keys()] });
}

describe('istio scenario: 1.19.5 on a Kubernetes 1.27 cluster', () => {
  it('plans 1.19.5 → 1.20.1 in place, keeping the quotes and comments, and passes the prechecks', async () => {
    const clusters = createFakeClusters({ clusters: { 'prod-use1': { objects: meshAt('1.19.5') } } });
    const ctx: ProviderContext = {
      serviceName: 'istio',
      service: { provider: 'istio', files: ['clusters/{cluster}/istio/*.yaml'] },
      cluster: {
        name: 'prod-use1',
        batch: 'prod',
        environment: 'prod',
        kubeconfig: { context: 'prod-use1' },
      },
      from: '1.19.5',
      to: '1.20.1',
      strategy: 'in-place',
      clusters,
    };

    const result = plan('1.20.1');
    const outcomes = await istio.prechecks(ctx);

    expect(result.diagnostics).toEqual([]);
    const edit = result.plans[0]!.waves[0]!.edits[0]!;
    expect(edit.after).toBe(controlPlane('1.20.1'));
    expect(istio.checkKubernetes('1.20.1', '1.27')).toBeUndefined();
    expect(outcomes.every((o) => o.status === 'pass')).toBe(true);
  });

  it('refuses 1.19.5 → 1.21.0 in place with the skew message', () => {
    const result = plan('1.21.0');

    expect(result.diagnostics.map((d) => d.message).join('\n')).toContain(
      'Istio 1.19.5 → 1.21.0 crosses 2 minor versions; in-place upgrades allow at most 1 (go to 1.20 first, or use strategy: revision)',
    );
  });

  it('refuses Istio 1.20 for a cluster still on Kubernetes 1.24', () => {
    const problem = istio.checkKubernetes('1.20.1', '1.24');

    expect(problem).toMatch(/^Istio 1\.20 supports Kubernetes 1\.25 to 1\.29, and this cluster runs 1\.24/);
  });
});
