import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKubernetesClusters,
  type KubernetesClusters,
} from '../../../../providers/clusters/kubernetes/index.ts';
import type { AppliedStatus } from '../../../../src/ports/clusters.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
let clusters: KubernetesClusters;

beforeAll(async () => {
  h = await startHarness();
  clusters = createKubernetesClusters({ fleet: h.fleet, kubeconfig: h.kubeconfig });
});
afterAll(() => h.close());

const helm = (name: string) =>
  clusters.applied('dev', { kind: 'HelmRelease', namespace: 'flux-system', name }, '1.20.0');
const argo = (name: string) =>
  clusters.applied('dev', { kind: 'Application', namespace: 'argocd', name }, '1.20.0');

describe('kubernetes clusters › applied › Flux HelmRelease', () => {
  const cases: [string, AppliedStatus][] = [
    ['done', { state: 'applied' }],
    ['generation-pending', { state: 'pending', reason: 'generation 4 not yet reconciled (observed 3)' }],
    [
      'not-ready',
      { state: 'pending', reason: "not Ready: Progressing: Running 'upgrade' action with timeout of 5m0s" },
    ],
    [
      'stalled',
      { state: 'failed', reason: 'Stalled: RetriesExceeded: Failed to upgrade after 3 attempt(s)' },
    ],
    ['remediated', { state: 'failed', reason: 'remediated: RollbackSucceeded: Helm rollback succeeded' }],
    ['other-version', { state: 'pending', reason: 'released chart 1.19.4, waiting for 1.20.0' }],
    ['beta', { state: 'applied' }],
    ['absent', { state: 'pending', reason: 'HelmRelease flux-system/absent not found' }],
  ];

  it.each(cases)('judges the HelmRelease %s', async (name, expected) => {
    const status = await helm(name);

    expect(status).toEqual(expected);
  });

  it('reads HelmReleases at the version the cluster prefers, discovering it once per cluster', async () => {
    const fresh = createKubernetesClusters({ fleet: h.fleet, kubeconfig: h.kubeconfig });
    h.api.requests.length = 0;

    await fresh.applied('dev', { kind: 'HelmRelease', namespace: 'flux-system', name: 'done' }, '1.20.0');
    await fresh.applied('dev', { kind: 'HelmRelease', namespace: 'flux-system', name: 'beta' }, '1.20.0');

    expect(h.api.requests).toEqual([
      'GET /apis/helm.toolkit.fluxcd.io',
      'GET /apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/done',
      'GET /apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/beta',
    ]);
  });
});

describe('kubernetes clusters › applied › without the controller', () => {
  it('says the API group is not served when its CRDs are not installed', async () => {
    h.api.absentGroups = ['argoproj.io'];

    const run = clusters.applied('dev', { kind: 'Application', namespace: 'argocd', name: 'done' }, '1.20.0');

    await expect(run).rejects.toThrow(
      'dev: the API server serves no version of argoproj.io; is its controller installed?',
    );
    h.api.absentGroups = [];
  });
});

describe('kubernetes clusters › applied › Argo CD Application', () => {
  const cases: [string, AppliedStatus][] = [
    ['done', { state: 'applied' }],
    ['out-of-sync', { state: 'pending', reason: 'sync status OutOfSync' }],
    [
      'degraded',
      { state: 'pending', reason: 'health Degraded: Deployment "istiod" exceeded its progress deadline' },
    ],
    [
      'failed',
      {
        state: 'failed',
        reason:
          'sync operation Failed: one or more objects failed to apply, reason: admission webhook denied the request',
      },
    ],
  ];

  it.each(cases)('judges the Application %s', async (name, expected) => {
    const status = await argo(name);

    expect(status).toEqual(expected);
  });
});
