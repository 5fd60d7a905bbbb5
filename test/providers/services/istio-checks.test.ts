import { describe, expect, it } from 'vitest';
import type { Cluster, Service } from '../../../config/fleet.ts';
import { ISTIO_KUBERNETES_SUPPORT } from '../../../providers/services/istio/kubernetes-support.ts';
import { istio } from '../../../providers/services/istio.ts';
import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { istiod, istiodPod, meshAt, namespace, sidecarPod } from './istio-world.ts';

const service: Service = { provider: 'istio', files: ['clusters/{cluster}/istio/*.yaml'] };
const cluster: Cluster = {
  name: 'prod-use1',
  batch: 'prod',
  environment: 'prod',
  kubeconfig: { context: 'p' },
};

function context(objects: KubeObject[], extra: Partial<ProviderContext> = {}) {
  const clusters = createFakeClusters({ clusters: { 'prod-use1': { objects } } });
  const ctx: ProviderContext = {
    serviceName: 'istio',
    service,
    cluster,
    from: '1.19.5',
    to: '1.20.1',
    strategy: 'in-place',
    clusters,
    ...extra,
  };
  return { ctx, clusters };
}

const without = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind !== kind);

describe('istio provider: Kubernetes support', () => {
  it('covers every Istio minor from 1.15 to 1.24 with its source and the date it was read', () => {
    const minors = Object.keys(ISTIO_KUBERNETES_SUPPORT.minors);

    expect(minors).toEqual(expect.arrayContaining(['1.15', '1.18', '1.20', '1.22', '1.24']));
    expect(ISTIO_KUBERNETES_SUPPORT.source).toMatch(/^https:\/\/istio\.io\/.*supported-releases/);
    expect(ISTIO_KUBERNETES_SUPPORT.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['1.20.1', '1.25'],
    ['1.20.1', '1.29'],
    ['1.20.1', 'v1.27.8-eks-a737599'],
    ['1.24.0', '1.31'],
  ])('accepts Istio %s on Kubernetes %s', (version, kube) => {
    expect(istio.checkKubernetes(version, kube)).toBeUndefined();
  });

  it('refuses Istio 1.20 on a Kubernetes 1.24 cluster and says to upgrade the cluster', () => {
    const problem = istio.checkKubernetes('1.20.1', '1.24');

    expect(problem).toBe(
      'Istio 1.20 supports Kubernetes 1.25 to 1.29, and this cluster runs 1.24; upgrade the cluster first ' +
        `(${ISTIO_KUBERNETES_SUPPORT.source})`,
    );
  });

  it('refuses Istio 1.18 on Kubernetes 1.29 and says to choose a newer Istio', () => {
    const problem = istio.checkKubernetes('1.18.7', '1.29');

    expect(problem).toContain(
      'Istio 1.18 supports Kubernetes 1.24 to 1.27, and this cluster runs 1.29; choose a newer Istio',
    );
  });

  it('does not judge an Istio minor the table does not list', () => {
    expect(istio.checkKubernetes('1.99.0', '1.24')).toBeUndefined();
  });
});

describe('istio provider: prechecks', () => {
  it('passes a healthy 1.19.5 mesh for an in-place upgrade to 1.20.1', async () => {
    const { ctx } = context(meshAt('1.19.5'));

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.map((o) => [o.check, o.status])).toEqual([
      ['istiod-replicas', 'pass'],
      ['istiod-pdb', 'pass'],
      ['istio-system-pods-ready', 'pass'],
      ['proxies-not-ahead', 'pass'],
    ]);
  });

  it('fails an in-place upgrade when istiod runs one replica', async () => {
    const objects = [...without(meshAt('1.19.5'), 'Deployment'), istiod('1.19.5', { replicas: 1 })];
    const { ctx } = context(objects);

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'istiod-replicas',
        status: 'fail',
        reason:
          'istiod runs 1 replica; an in-place upgrade needs at least 2 (chart value replicaCount or autoscaleMin)',
      },
    ]);
  });

  it('fails an in-place upgrade when no PodDisruptionBudget covers istiod', async () => {
    const { ctx } = context(without(meshAt('1.19.5'), 'PodDisruptionBudget'));

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'istiod-pdb',
        status: 'fail',
        reason:
          'no PodDisruptionBudget covers istiod; enable the istiod chart PDB before an in-place upgrade',
      },
    ]);
  });

  it('does not ask for replicas or a PDB on a revision upgrade, where the new istiod runs beside the old', async () => {
    const objects = [...without(meshAt('1.19.5'), 'PodDisruptionBudget'), istiod('1.19.5', { replicas: 1 })];
    const { ctx } = context(
      objects.filter((o) => o.kind !== 'Deployment' || o.metadata.name !== 'istiod'),
      {
        strategy: 'revision',
      },
    );

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.map((o) => o.check)).toEqual(['istio-system-pods-ready', 'proxies-not-ahead']);
  });

  it('fails when a pod in istio-system is not ready, naming it and why', async () => {
    const objects = [...meshAt('1.19.5'), istiodPod('1.19.5', 'istiod-7f9c-zzzzz', false)];
    const { ctx } = context(objects);

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'istio-system-pods-ready',
        status: 'fail',
        reason: '1 pods in istio-system not ready: istiod-7f9c-zzzzz (CrashLoopBackOff)',
      },
    ]);
  });

  it('fails when a sidecar in an injected namespace is newer than istiod', async () => {
    const objects = [...meshAt('1.19.5'), sidecarPod('shop', 'cart', '1.20.1', 'new')];
    const { ctx } = context(objects);

    const outcomes = await istio.prechecks(ctx);

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'proxies-not-ahead',
        status: 'fail',
        reason: '1 sidecars are newer than istiod 1.19.5: shop/cart-5d8f7c-new (1.20.1)',
      },
    ]);
  });
});

describe('istio provider: after the control plane is applied', () => {
  const LATER = new Date('2024-03-01T10:05:00Z');

  function upgraded(objects: KubeObject[]) {
    const fake = createFakeClusters({ clusters: { 'prod-use1': { objects } }, now: () => LATER });
    const ctx: ProviderContext = {
      serviceName: 'istio',
      service,
      cluster,
      from: '1.19.5',
      to: '1.20.1',
      strategy: 'in-place',
      clusters: fake,
    };
    return { ctx, fake };
  }

  it('waits, restarting nothing, while istiod still runs the old version', async () => {
    const { ctx, fake } = upgraded(meshAt('1.19.5'));

    const result = await istio.afterApplied(ctx);

    expect(result).toEqual({
      state: 'pending',
      reason: 'waiting for istiod 1.20.1: no istiod runs 1.20.1 yet',
    });
    expect(fake.restarts).toEqual([]);
  });

  it('waits while istiod runs the target but is not ready', async () => {
    const objects = [...without(meshAt('1.19.5'), 'Deployment'), istiod('1.20.1', { ready: false })];
    const { ctx, fake } = upgraded(objects);

    const result = await istio.afterApplied(ctx);

    expect(result.state).toBe('pending');
    expect(result.reason).toBe('waiting for istiod 1.20.1: istiod 1.20.1 is still rolling out');
    expect(fake.restarts).toEqual([]);
  });

  it('restarts only the workloads of injected namespaces once istiod is ready at the target', async () => {
    const objects = meshAt('1.19.5').map((o) =>
      o.metadata.name === 'istiod' && o.kind === 'Deployment' ? istiod('1.20.1') : o,
    );
    objects.push(istiodPod('1.20.1', 'istiod-8a1b-fghij'));
    const { ctx, fake } = upgraded(objects.filter((o) => o.metadata.name !== 'istiod-7f9c-abcde'));

    const result = await istio.afterApplied(ctx);

    expect(fake.restarts).toEqual([
      { cluster: 'prod-use1', namespace: 'ops', names: ['deployment/runner'] },
      { cluster: 'prod-use1', namespace: 'shop', names: ['deployment/cart'] },
    ]);
    expect(result).toEqual({ state: 'pending', reason: 'moving sidecars to 1.20.1: restarted 2 workloads' });
  });

  it('does not restart a second time on a rerun while the restarted pods still roll', async () => {
    const objects = [
      ...meshAt('1.19.5').filter((o) => o.kind !== 'Deployment' || o.metadata.namespace === 'istio-system'),
    ].map((o) =>
      o.kind === 'Deployment'
        ? istiod('1.20.1')
        : o.kind === 'Pod' && o.metadata.namespace === 'istio-system'
          ? istiodPod('1.20.1')
          : o,
    );
    objects.push({ ...deploymentRolling('shop', 'cart') }, { ...deploymentRolling('ops', 'runner') });
    const { ctx, fake } = upgraded(objects);

    const first = await istio.afterApplied(ctx);

    expect(fake.restarts).toEqual([]);
    expect(first).toEqual({ state: 'pending', reason: 'moving sidecars to 1.20.1: 2 still rolling' });
  });

  it('is done when every sidecar in injected namespaces runs the target, ignoring opted-out namespaces', async () => {
    const objects: KubeObject[] = [
      namespace('shop', { 'istio-injection': 'enabled' }),
      namespace('legacy', { 'istio-injection': 'enabled', 'guard.io/skip-restart': 'true' }),
      istiod('1.20.1'),
      istiodPod('1.20.1'),
      sidecarPod('shop', 'cart', '1.20.1', 'a'),
      sidecarPod('legacy', 'mainframe-bridge', '1.19.5', 'a'),
    ];
    const { ctx, fake } = upgraded(objects);

    const result = await istio.afterApplied(ctx);

    expect(result).toEqual({ state: 'done', reason: 'all 1 sidecars in 1 namespaces run 1.20.1' });
    expect(fake.restarts).toEqual([]);
  });

  it('fails, naming the workload, when a restart rolled out and its sidecars are still old', async () => {
    const objects: KubeObject[] = [
      namespace('shop', { 'istio.io/rev': '1-19' }),
      istiod('1.20.1'),
      istiodPod('1.20.1'),
      deploymentRestarted('shop', 'cart'),
      sidecarPod('shop', 'cart', '1.19.5', 'a'),
    ];
    const { ctx, fake } = upgraded(objects);

    const result = await istio.afterApplied(ctx);

    expect(fake.restarts).toEqual([]);
    expect(result.state).toBe('failed');
    expect(result.reason).toBe(
      "restarted after istiod 1.20.1 was ready but sidecars are still on another version: shop/deployment/cart; check the namespaces' istio.io/rev labels",
    );
  });

  it('restarts, then reports done once the new pods carry the target proxy (the full loop)', async () => {
    const objects: KubeObject[] = [
      namespace('shop', { 'istio-injection': 'enabled' }),
      istiod('1.20.1'),
      istiodPod('1.20.1'),
      deploymentOf('shop', 'cart'),
      sidecarPod('shop', 'cart', '1.19.5', 'a'),
    ];
    const { ctx, fake } = upgraded(objects);

    const first = await istio.afterApplied(ctx);
    const second = await istio.afterApplied(ctx);
    fake.spec.clusters['prod-use1']!.objects = [
      ...objects.slice(0, 4),
      sidecarPod('shop', 'cart', '1.20.1', 'b'),
    ];
    const third = await istio.afterApplied(ctx);

    expect(fake.restarts).toHaveLength(1);
    expect(first.state).toBe('pending');
    expect(second.state).toBe('failed'); // the fake's restart rolls out at once, yet the pod list was not renewed
    expect(third).toEqual({ state: 'done', reason: 'all 1 sidecars in 1 namespaces run 1.20.1' });
  });
});

function deploymentOf(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, generation: 2 },
    spec: { replicas: 1, template: { metadata: {}, spec: { containers: [{ name: 'app', image: 'x:1' }] } } },
    status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1 },
  };
}

function deploymentRestarted(ns: string, name: string): KubeObject {
  const d = deploymentOf(ns, name);
  (d.spec!.template as { metadata: Record<string, unknown> }).metadata = {
    annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-03-01T10:02:00Z' },
  };
  return d;
}

function deploymentRolling(ns: string, name: string): KubeObject {
  const d = deploymentRestarted(ns, name);
  d.spec!.replicas = 2;
  d.status = { observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2 };
  return d;
}
