import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { istio as istioModule } from '../../../providers/services/istio.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import type { ServiceProvider } from '../../../src/ports/service-provider.ts';
import { snapshotOf } from '../../../src/repo/repo-snapshot.ts';

const istio: ServiceProvider = istioModule;

const service = (extra: Partial<Service> = {}): Service => ({
  provider: 'istio',
  files: ['clusters/{cluster}/istio/*.yaml'],
  ...extra,
});

describe('istio provider: service and charts', () => {
  it('offers in-place as the default strategy and revision as the alternative', () => {
    const strategies = istio.strategies;

    expect(strategies).toEqual(['in-place', 'revision']);
  });

  it('accepts a service entry without a chart', () => {
    const problems = istio.checkService(service());

    expect(problems).toEqual([]);
  });

  it('refuses a chart in the service entry because it bumps its own charts', () => {
    const problems = istio.checkService(service({ chart: 'istiod' }));

    expect(problems).toEqual([
      {
        path: ['chart'],
        message: "the istio provider bumps base, istiod, gateway, cni and ztunnel itself; remove 'chart'",
      },
    ]);
  });

  it('bumps base first, then istiod (both required), then the optional gateway, cni and ztunnel', () => {
    const charts = istio.charts(service());

    expect(charts).toEqual([
      { name: 'base', required: true },
      { name: 'istiod', required: true },
      { name: 'gateway', required: false, multiple: true },
      { name: 'cni', required: false },
      { name: 'ztunnel', required: false },
    ]);
  });

  it('allows several releases of the gateway chart in one cluster but only one of every other chart', () => {
    const charts = istio.charts(service());

    expect(charts.filter((c) => c.multiple).map((c) => c.name)).toEqual(['gateway']);
  });
});

describe('istio provider: checkVersion', () => {
  it.each(['1.20.1', '1.0.0', '1.21.0-beta.1', '1.22.0-alpha.0'])('accepts %s', (version) => {
    const problem = istio.checkVersion(version);

    expect(problem).toBeUndefined();
  });

  it.each(['v1.20.1', '1.20', '1.20.1+build.5', '1.20.1-rc.1+sha.abc', '01.20.1', '1.20.x', 'latest', ''])(
    'rejects %j with a message that shows a valid Istio version',
    (version) => {
      const problem = istio.checkVersion(version);

      expect(problem).toBe(`'${version}' is not an Istio version such as 1.20.1`);
    },
  );
});

describe('istio provider: compareVersions', () => {
  it.each([
    ['1.19.5', '1.20.1', -1],
    ['1.20.1', '1.19.5', 1],
    ['1.20.1', '1.20.1', 0],
    ['1.9.0', '1.10.0', -1],
    ['1.20.0', '1.20.10', -1],
    ['1.21.0-beta.1', '1.21.0', -1],
    ['1.21.0-alpha.1', '1.21.0-beta.1', -1],
    ['1.21.0-beta.2', '1.21.0-beta.10', -1],
    ['1.21.0', '1.20.9', 1],
  ] as const)('orders %s against %s as %d', (a, b, sign) => {
    const order = istio.compareVersions(a, b);

    expect(Math.sign(order)).toBe(sign);
  });
});

describe('istio provider: checkUpgradePath', () => {
  it('allows an in-place upgrade of one minor version', () => {
    const problem = istio.checkUpgradePath({ from: '1.19.5', to: '1.20.1', strategy: 'in-place' });

    expect(problem).toBeUndefined();
  });

  it('allows an in-place patch upgrade within one minor version', () => {
    const problem = istio.checkUpgradePath({ from: '1.20.0', to: '1.20.3', strategy: 'in-place' });

    expect(problem).toBeUndefined();
  });

  it('refuses an in-place upgrade of two minors and suggests the next minor or the revision strategy', () => {
    const problem = istio.checkUpgradePath({ from: '1.19.5', to: '1.21.0', strategy: 'in-place' });

    expect(problem).toBe(
      'Istio 1.19.5 → 1.21.0 crosses 2 minor versions; in-place upgrades allow at most 1 ' +
        '(go to 1.20 first, or use strategy: revision)',
    );
  });

  it('refuses an in-place upgrade of three minors without suggesting revision, which cannot do it either', () => {
    const problem = istio.checkUpgradePath({ from: '1.19.5', to: '1.22.0', strategy: 'in-place' });

    expect(problem).toBe(
      'Istio 1.19.5 → 1.22.0 crosses 3 minor versions; in-place upgrades allow at most 1 (go to 1.20 first)',
    );
  });

  it('allows a revision upgrade of two minor versions', () => {
    const problem = istio.checkUpgradePath({ from: '1.19.5', to: '1.21.0', strategy: 'revision' });

    expect(problem).toBeUndefined();
  });

  it('refuses a revision upgrade of three minors and suggests the furthest allowed step, two minors up', () => {
    const problem = istio.checkUpgradePath({ from: '1.19.5', to: '1.22.0', strategy: 'revision' });

    expect(problem).toBe(
      'Istio 1.19.5 → 1.22.0 crosses 3 minor versions; revision upgrades allow at most 2 (go to 1.21 first)',
    );
  });

  it('allows an in-place downgrade of one minor version', () => {
    const problem = istio.checkUpgradePath({ from: '1.20.1', to: '1.19.5', strategy: 'in-place' });

    expect(problem).toBeUndefined();
  });

  it('refuses an in-place downgrade of two minors with the same hint as an upgrade', () => {
    const problem = istio.checkUpgradePath({ from: '1.21.0', to: '1.19.5', strategy: 'in-place' });

    expect(problem).toBe(
      'Istio 1.21.0 → 1.19.5 crosses 2 minor versions; in-place upgrades allow at most 1 ' +
        '(go to 1.20 first, or use strategy: revision)',
    );
  });

  it('allows a revision downgrade of two minor versions', () => {
    const problem = istio.checkUpgradePath({ from: '1.21.0', to: '1.19.5', strategy: 'revision' });

    expect(problem).toBeUndefined();
  });

  it('refuses a revision downgrade of three minors and suggests the furthest allowed step, two minors down', () => {
    const problem = istio.checkUpgradePath({ from: '1.22.0', to: '1.19.5', strategy: 'revision' });

    expect(problem).toBe(
      'Istio 1.22.0 → 1.19.5 crosses 3 minor versions; revision upgrades allow at most 2 (go to 1.20 first)',
    );
  });

  it.each(['in-place', 'revision'])('refuses a change of major version with the %s strategy', (strategy) => {
    const problem = istio.checkUpgradePath({ from: '1.24.0', to: '2.0.0', strategy });

    expect(problem).toBe('Istio cannot move across major versions (1.24.0 → 2.0.0)');
  });

  it('refuses a downgrade across a major version', () => {
    const problem = istio.checkUpgradePath({ from: '2.0.0', to: '1.24.0', strategy: 'revision' });

    expect(problem).toBe('Istio cannot move across major versions (2.0.0 → 1.24.0)');
  });
});

describe('istio provider in the planner', () => {
  const FLEET = `apiVersion: guard/v1
kind: Fleet
batches: [test]
clusters:
  - { name: t1, batch: test, environment: test, kubeconfig: { context: t1 } }
services:
  istio:
    provider: istio
    files: ["clusters/{cluster}/istio/*.yaml"]
`;

  const helmRelease = (chart: string, version: string, name = chart) => `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: ${name}, namespace: istio-system }
spec:
  chart:
    spec:
      chart: ${chart}
      version: ${version} # pinned
`;

  const KIALI = helmRelease('kiali-server', '1.76.0', 'kiali');

  const repo = () =>
    snapshotOf({
      'guard/fleet.yaml': FLEET,
      'guard/upgrade.yaml': 'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: istio\nversion: 1.20.1\n',
      'clusters/t1/istio/control-plane.yaml':
        helmRelease('base', '1.19.5') +
        helmRelease('istiod', '1.19.5') +
        helmRelease('cni', '1.19.5') +
        helmRelease('ztunnel', '1.19.5') +
        KIALI,
      'clusters/t1/istio/gateways.yaml': helmRelease('gateway', '1.19.5', 'ingress'),
    });

  const plan = () =>
    planRepo({ repo: repo(), providers: lookupServiceProvider, providerIds: [...serviceProviders.keys()] });

  it('bumps cni and ztunnel together with base, istiod and gateway, in chart order', () => {
    const result = plan();

    expect(result.diagnostics).toEqual([]);
    const cluster = result.plans[0]!.waves[0]!.clusters[0]!;
    expect(cluster.fields.map((f) => `${f.chart} ${f.resource} ${f.from} → ${f.to}`)).toEqual([
      'base HelmRelease istio-system/base 1.19.5 → 1.20.1',
      'istiod HelmRelease istio-system/istiod 1.19.5 → 1.20.1',
      'gateway HelmRelease istio-system/ingress 1.19.5 → 1.20.1',
      'cni HelmRelease istio-system/cni 1.19.5 → 1.20.1',
      'ztunnel HelmRelease istio-system/ztunnel 1.19.5 → 1.20.1',
    ]);
  });

  it('leaves a kiali-server release in the same file byte for byte as it was', () => {
    const result = plan();

    const edits = result.plans[0]!.waves[0]!.edits;
    expect(edits.map((e) => [e.path, e.changes.map((c) => c.chart)])).toEqual([
      ['clusters/t1/istio/control-plane.yaml', ['base', 'istiod', 'cni', 'ztunnel']],
      ['clusters/t1/istio/gateways.yaml', ['gateway']],
    ]);
    const controlPlane = edits[0]!;
    expect(controlPlane.after.endsWith(KIALI)).toBe(true);
    expect(controlPlane.after).toBe(
      controlPlane.before
        .slice(0, -KIALI.length)
        .replaceAll('version: 1.19.5 # pinned', 'version: 1.20.1 # pinned') + KIALI,
    );
  });
});
