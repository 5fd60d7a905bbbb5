import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKubernetesClusters,
  type KubernetesClusters,
} from '../../../../providers/clusters/kubernetes/index.ts';
import { RESTARTED_AT } from '../../../../src/ports/clusters.ts';
import { type Harness, startHarness } from './harness.ts';
import { clusterObjects } from './objects.ts';

let h: Harness;
let now: number;
let clusters: KubernetesClusters;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.api.objects.splice(0, h.api.objects.length, ...clusterObjects());
  h.api.patches.length = 0;
  h.api.pageSize = 500;
  now = Date.parse('2024-05-01T12:00:00.000Z');
  clusters = createKubernetesClusters({
    fleet: h.fleet,
    kubeconfig: h.kubeconfig,
    clock: () => now,
    concurrency: 2,
  });
});

describe('kubernetes clusters › list', () => {
  it('lists pods across namespaces by label selector as raw JSON with apiVersion and kind', async () => {
    const pods = await clusters.list('dev', {
      apiVersion: 'v1',
      kind: 'Pod',
      labelSelector: 'istio.io/rev=default',
    });

    expect(pods.map((p) => p.metadata.name)).toEqual(['web-1']);
    expect(pods[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod', status: { phase: 'Running' } });
    expect(pods[0]?.status?.containerStatuses).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'istio-proxy' })]),
    );
  });

  it('lists a namespaced kind of a named group within one namespace, following continue tokens', async () => {
    h.api.pageSize = 1;
    h.api.requests.length = 0;

    const objects = await clusters.list('dev', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'istio-system',
    });

    expect(objects.map((o) => o.metadata.name)).toEqual(['istiod', 'istio-ingressgateway']);
    expect(h.api.requests).toContain(
      'GET /apis/apps/v1/namespaces/istio-system/deployments?limit=500&continue=1',
    );
  });

  it('lists custom resources and cluster-scoped kinds', async () => {
    const releases = await clusters.list('dev', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      namespace: 'flux-system',
    });
    const nodes = await clusters.list('dev', { apiVersion: 'v1', kind: 'Node' });

    expect(releases).toHaveLength(7);
    expect(nodes.map((n) => n.metadata.name)).toContain('ip-10-0-1-10.ec2.internal');
  });

  it('says which kind the server does not serve, in a served group or in one not installed', async () => {
    await expect(clusters.list('dev', { apiVersion: 'apps/v1', kind: 'Widget' })).rejects.toThrow(
      'dev: the API server serves no Widget in apps/v1; check apiVersion and kind',
    );
    await expect(
      clusters.list('dev', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' }),
    ).rejects.toThrow(/^dev: .*ServiceMonitor/);
  });
});

describe('kubernetes clusters › restart', () => {
  const annotationOf = (name: string) => {
    const obj = h.api.objects.find((o) => o.metadata.name === name && o.kind !== 'Pod');
    const template = obj?.spec?.template as { metadata?: { annotations?: Record<string, string> } };
    return template.metadata?.annotations?.[RESTARTED_AT];
  };

  it('patches restartedAt on the pod template of each workload with a merge patch', async () => {
    await clusters.restart('dev', 'logging', ['daemonset/promtail', 'statefulset/loki']);

    expect(h.api.patches).toEqual([
      {
        path: '/apis/apps/v1/namespaces/logging/daemonsets/promtail',
        body: {
          spec: { template: { metadata: { annotations: { [RESTARTED_AT]: '2024-05-01T12:00:00.000Z' } } } },
        },
      },
      {
        path: '/apis/apps/v1/namespaces/logging/statefulsets/loki',
        body: {
          spec: { template: { metadata: { annotations: { [RESTARTED_AT]: '2024-05-01T12:00:00.000Z' } } } },
        },
      },
    ]);
    expect(annotationOf('promtail')).toBe('2024-05-01T12:00:00.000Z');
  });

  it('restarts nothing twice when rerun with the same marker', async () => {
    const marker = now - 60_000;
    await clusters.restart('dev', 'istio-system', ['deployment/istiod'], { after: marker });
    now += 30_000;

    const rerun = await clusters.restartDetailed(
      'dev',
      'istio-system',
      ['deployment/istiod', 'deployment/istio-ingressgateway'],
      { after: marker },
    );

    expect(rerun).toEqual([
      { name: 'deployment/istiod', restarted: false },
      { name: 'deployment/istio-ingressgateway', restarted: true },
    ]);
    expect(h.api.patches.map((p) => p.path)).toEqual([
      '/apis/apps/v1/namespaces/istio-system/deployments/istiod',
      '/apis/apps/v1/namespaces/istio-system/deployments/istio-ingressgateway',
    ]);
  });

  it('restarts again for a later marker', async () => {
    await clusters.restart('dev', 'istio-system', ['deployment/istiod'], { after: now - 1 });
    now += 3_600_000;

    await clusters.restart('dev', 'istio-system', ['deployment/istiod'], { after: now - 1 });

    expect(h.api.patches).toHaveLength(2);
    expect(annotationOf('istiod')).toBe('2024-05-01T13:00:00.000Z');
  });

  it('fails with the cluster named when a workload is missing', async () => {
    await expect(clusters.restart('dev', 'logging', ['deployment/absent'])).rejects.toThrow(
      /^dev: API answered 404/,
    );
  });
});
