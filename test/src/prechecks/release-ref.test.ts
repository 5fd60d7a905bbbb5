import { describe, expect, it } from 'vitest';
import { releaseRefOf } from '../../../src/prechecks/release-ref.ts';

describe('releaseRefOf', () => {
  it.each([
    ['HelmRelease istio-system/istiod', { kind: 'HelmRelease', namespace: 'istio-system', name: 'istiod' }],
    ['HelmRelease/istio-system/istiod', { kind: 'HelmRelease', namespace: 'istio-system', name: 'istiod' }],
    [
      'Application argocd/sealed-secrets',
      { kind: 'Application', namespace: 'argocd', name: 'sealed-secrets' },
    ],
    ['Application sealed-secrets', { kind: 'Application', namespace: 'argocd', name: 'sealed-secrets' }],
    [
      'OCIRepository flux-system/podinfo (chartRef of HelmRelease apps/podinfo)',
      { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo' },
    ],
  ])('reads %s', (resource, expected) => {
    expect(releaseRefOf(resource)).toEqual(expected);
  });

  it('says why a Kustomize list entry has no reconcile state to read', () => {
    expect(releaseRefOf('Kustomization helmCharts[0] promtail')).toBe(
      'Kustomization helmCharts[0] promtail has no HelmRelease or Application to read its reconcile state from',
    );
  });

  it('asks for a namespace on a HelmRelease that Git leaves without one', () => {
    expect(releaseRefOf('HelmRelease istiod')).toBe(
      'HelmRelease istiod has no metadata.namespace in Git; set it so GUARD can read its reconcile state',
    );
  });
});
