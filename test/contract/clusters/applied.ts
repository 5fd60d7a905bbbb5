import { describe, expect, it } from 'vitest';
import type { AppliedStatus, KubeObject } from '../../../src/ports/clusters.ts';
import { CLUSTER, type ClustersContractContext } from './context.ts';
import { application, helmRelease, history, operation, ready, remediated, stalled } from './objects.ts';

const TARGET = '1.20.0';
type Case = [string, KubeObject, AppliedStatus['state']];

// DESIGN section 6, "Applied". A HelmRelease is done when the controller observed its generation,
// Ready=True, and the newest release (history[0]) is the target chart without `+digest`; Stalled or a
// remediation is a failure. An Application is done when Synced at the target, Healthy, and its last
// operation Succeeded; a failed operation is a failure. Anything else waits for the rollout timeout.
const HELM: Case[] = [
  [
    'done, its OCI chart version carrying a +digest',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [ready('True', 'UpgradeSucceeded')],
      history: history('1.20.0+8f0e3c2a1b4d', '1.19.4'),
    }),
    'applied',
  ],
  [
    'not yet observed at its generation, though Ready at the target',
    helmRelease('r', 4, {
      observedGeneration: 3,
      conditions: [ready('True', 'UpgradeSucceeded')],
      history: history(TARGET),
    }),
    'pending',
  ],
  [
    'still progressing (Ready Unknown)',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [ready('Unknown', 'Progressing', "Running 'upgrade' action")],
      history: history('1.19.4'),
    }),
    'pending',
  ],
  [
    'Ready at another chart version',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [ready('True', 'UpgradeSucceeded')],
      history: history('1.19.4'),
    }),
    'pending',
  ],
  [
    'whose target release is older than the newest one (history is newest first)',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [ready('True', 'UpgradeSucceeded')],
      history: history('1.19.4', TARGET),
    }),
    'pending',
  ],
  [
    'Stalled after its retries',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [
        ready('False', 'UpgradeFailed'),
        stalled('RetriesExceeded', 'Failed to upgrade after 3 attempt(s)'),
      ],
      history: history('1.19.4'),
    }),
    'failed',
  ],
  [
    'rolled back by remediation',
    helmRelease('r', 3, {
      observedGeneration: 3,
      conditions: [
        ready('False', 'RollbackSucceeded', 'Helm rollback succeeded'),
        remediated('RollbackSucceeded', 'Helm rollback succeeded'),
      ],
      history: history('1.19.4'),
    }),
    'failed',
  ],
  [
    'of v2beta2, by its lastAppliedRevision',
    helmRelease(
      'r',
      2,
      {
        observedGeneration: 2,
        conditions: [ready('True', 'ReconciliationSucceeded')],
        lastAppliedRevision: TARGET,
      },
      'helm.toolkit.fluxcd.io/v2beta2',
    ),
    'applied',
  ],
];

const ARGO: Case[] = [
  [
    'Synced at the target, Healthy, last operation Succeeded',
    application('a', {
      sync: { status: 'Synced', revision: TARGET },
      health: { status: 'Healthy' },
      operationState: operation('Succeeded', 'successfully synced'),
    }),
    'applied',
  ],
  [
    'of several sources, one of them at the target',
    application('a', {
      sync: { status: 'Synced', revisions: ['abc123', TARGET] },
      health: { status: 'Healthy' },
      operationState: operation('Succeeded', 'ok'),
    }),
    'applied',
  ],
  [
    'OutOfSync',
    application('a', {
      sync: { status: 'OutOfSync', revision: '1.19.4' },
      health: { status: 'Healthy' },
      operationState: operation('Succeeded', 'ok', '1.19.4'),
    }),
    'pending',
  ],
  [
    'Synced at another revision',
    application('a', {
      sync: { status: 'Synced', revision: '1.19.4' },
      health: { status: 'Healthy' },
      operationState: operation('Succeeded', 'ok', '1.19.4'),
    }),
    'pending',
  ],
  [
    'Degraded',
    application('a', {
      sync: { status: 'Synced', revision: TARGET },
      health: { status: 'Degraded', message: 'progress deadline exceeded' },
      operationState: operation('Succeeded', 'ok'),
    }),
    'pending',
  ],
  [
    'with its sync operation still Running',
    application('a', {
      sync: { status: 'Synced', revision: TARGET },
      health: { status: 'Healthy' },
      operationState: operation('Running', 'waiting for healthy state'),
    }),
    'pending',
  ],
  [
    'whose sync operation Failed',
    application('a', {
      sync: { status: 'OutOfSync', revision: '1.19.4' },
      health: { status: 'Healthy' },
      operationState: operation('Failed', 'admission webhook denied the request'),
    }),
    'failed',
  ],
  [
    'whose sync operation ended in Error',
    application('a', {
      sync: { status: 'OutOfSync', revision: '1.19.4' },
      health: { status: 'Healthy' },
      operationState: operation('Error', 'rpc error'),
    }),
    'failed',
  ],
];

/** applied: the GitOps object holding the chart has applied the target version, or failed to. */
export function describeApplied(ctx: ClustersContractContext): void {
  const judge = (object: KubeObject) =>
    ctx.h.clusters.applied(
      CLUSTER,
      {
        kind: object.kind as 'HelmRelease' | 'Application',
        namespace: object.metadata.namespace!,
        name: object.metadata.name,
      },
      TARGET,
    );

  describe('applied', () => {
    it.each(HELM)('judges a Flux HelmRelease %s', async (_, object, state) => {
      ctx.h.seed([object]);

      const status = await judge(object);

      expect(status.state).toBe(state);
      if (status.state !== 'applied') expect(status.reason).toMatch(/\S/);
    });

    it.each(ARGO)('judges an Argo CD Application %s', async (_, object, state) => {
      ctx.h.seed([object]);

      const status = await judge(object);

      expect(status.state).toBe(state);
      if (status.state !== 'applied') expect(status.reason).toMatch(/\S/);
    });

    it('waits for a release that is not there, saying so, and does not take a namesake in another namespace', async () => {
      const elsewhere = helmRelease('istiod', 3, {
        observedGeneration: 3,
        conditions: [ready('True', 'UpgradeSucceeded')],
        history: history(TARGET),
      });
      ctx.h.seed([{ ...elsewhere, metadata: { ...elsewhere.metadata, namespace: 'istio-system' } }]);

      const status = await ctx.h.clusters.applied(
        CLUSTER,
        { kind: 'HelmRelease', namespace: 'flux-system', name: 'istiod' },
        TARGET,
      );

      expect(status).toEqual({ state: 'pending', reason: expect.stringContaining('not found') });
    });

    it('rejects, naming the API group, when the cluster does not serve it', async () => {
      ctx.h.uninstall('argoproj.io');

      const status = ctx.h.clusters.applied(
        CLUSTER,
        { kind: 'Application', namespace: 'argocd', name: 'istiod' },
        TARGET,
      );

      await expect(status).rejects.toThrow('argoproj.io');
    });
  });
}
