import { describe, expect, it } from 'vitest';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { formatDiagnostic } from '../../../src/diagnostics.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import { snapshotOf } from '../../../src/repo/repo-snapshot.ts';

const FLEET = `apiVersion: guard/v1
kind: Fleet
batches: [test, dev, prod]
clusters:
  - { name: t1, batch: test, environment: test, kubeconfig: { context: t1 } }
  - { name: d1, batch: dev, environment: dev, kubeconfig: { context: d1 } }
  - { name: d2, batch: dev, environment: dev, kubeconfig: { context: d2 } }
  - { name: p1, batch: prod, environment: prod, kubeconfig: { context: p1 } }
services:
  promtail:
    provider: helm
    chart: promtail
    files: ["clusters/{cluster}/promtail.yaml"]
  istio:
    provider: istio
    files: ["clusters/{cluster}/istio/*.yaml"]
`;

function helmRelease(chart: string, version: string, name = chart): string {
  return `---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: ${name}, namespace: ns }
spec:
  chart:
    spec:
      chart: ${chart}
      version: ${version} # pinned
`;
}

function repo(request: string, versions: Record<string, string> = {}, extra: Record<string, string> = {}) {
  const files: Record<string, string> = { 'guard/fleet.yaml': FLEET, 'guard/upgrade.yaml': request };
  for (const c of ['t1', 'd1', 'd2', 'p1']) {
    files[`clusters/${c}/promtail.yaml`] =
      `# promtail on ${c}\n${helmRelease('promtail', versions[c] ?? '6.15.3')}`;
    const v = versions[`istio-${c}`] ?? '1.19.5';
    files[`clusters/${c}/istio/control-plane.yaml`] = helmRelease('base', v) + helmRelease('istiod', v);
    files[`clusters/${c}/istio/gateways.yaml`] =
      helmRelease('gateway', v, 'ingress') + helmRelease('gateway', v, 'egress');
  }
  return snapshotOf({ ...files, ...extra });
}

const request = (body: string) => `apiVersion: guard/v1\nkind: UpgradeRequest\n${body}`;

/** The test fleet with one service's files template moved from `from` to `to`, the request, and `files`. */
function filesAt(from: string, to: string, body: string, files: Record<string, string>) {
  return snapshotOf({
    'guard/fleet.yaml': FLEET.replace(`files: ["${from}"]`, `files: ["${to}"]`),
    'guard/upgrade.yaml': request(body),
    ...files,
  });
}

function plan(files: ReturnType<typeof repo>, service?: string) {
  return planRepo({
    repo: files,
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
    ...(service ? { service } : {}),
  });
}

describe('planRequest', () => {
  it('puts every batch in fleet order into its own wave when the request names no waves', () => {
    const result = plan(repo(request('service: promtail\nversion: 6.16.0\n')));

    expect(result.diagnostics).toEqual([]);
    expect(result.plans[0]!.waves.map((w) => [w.index, w.batch, w.clusters.map((c) => c.cluster)])).toEqual([
      [1, 'test', ['t1']],
      [2, 'dev', ['d1', 'd2']],
      [3, 'prod', ['p1']],
    ]);
  });

  it('records each cluster current → target version with the field that holds it', () => {
    const result = plan(repo(request('service: promtail\nversion: 6.16.0\n')));

    const wave = result.plans[0]!.waves[1]!;
    expect(wave.clusters[0]).toMatchObject({ cluster: 'd1', status: 'upgrade', from: '6.15.3' });
    expect(wave.clusters[0]!.fields).toEqual([
      {
        file: 'clusters/d1/promtail.yaml',
        line: 10,
        col: 16,
        chart: 'promtail',
        resource: 'HelmRelease ns/promtail',
        field: 'spec.chart.spec.version',
        from: '6.15.3',
        to: '6.16.0',
      },
    ]);
  });

  it('gives each wave exactly the edits of its own clusters, keeping everything else of the file', () => {
    const files = repo(request('service: promtail\nversion: 6.16.0\n'));

    const wave = plan(files).plans[0]!.waves[1]!;

    expect(wave.edits.map((e) => e.path)).toEqual(['clusters/d1/promtail.yaml', 'clusters/d2/promtail.yaml']);
    const edit = wave.edits[0]!;
    expect(edit.after).toBe(edit.before.replace('version: 6.15.3 # pinned', 'version: 6.16.0 # pinned'));
  });

  it('shows clusters already at the target as skipped and gives their wave nothing to change', () => {
    const result = plan(repo(request('service: promtail\nversion: 6.16.0\n'), { t1: '6.16.0' }));

    const wave = result.plans[0]!.waves[0]!;
    expect(wave.clusters.map((c) => c.status)).toEqual(['at-target']);
    expect(wave.edits).toEqual([]);
  });

  it('reports clusters whose batch is in no wave, as a warning that names them', () => {
    const result = plan(
      repo(request('service: promtail\nversion: 6.16.0\nwaves:\n  - batch: test\n  - batch: dev\n')),
    );

    expect(result.plans[0]!.unassigned).toEqual([{ cluster: 'p1', batch: 'prod' }]);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'guard/upgrade.yaml:6:3: warning: waves: 1 cluster is in no wave of the promtail request: p1 (prod)',
    ]);
  });

  it('bumps every Istio chart of a cluster together, both gateways included', () => {
    const result = plan(repo(request('service: istio\nversion: 1.20.1\n')));

    const t1 = result.plans[0]!.waves[0]!.clusters[0]!;
    expect(t1.fields.map((f) => `${f.chart} ${f.resource}`)).toEqual([
      'base HelmRelease ns/base',
      'istiod HelmRelease ns/istiod',
      'gateway HelmRelease ns/ingress',
      'gateway HelmRelease ns/egress',
    ]);
    expect(result.plans[0]!.waves[0]!.edits.map((e) => e.changes.length)).toEqual([2, 2]);
  });

  it('refuses an Istio in-place upgrade that skips a minor, once for all clusters, at the request version', () => {
    const result = plan(repo(request('service: istio\nversion: 1.21.0\n')));

    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'guard/upgrade.yaml:4:10: version: Istio 1.19.5 → 1.21.0 crosses 2 minor versions; in-place upgrades allow at most 1 ' +
        '(go to 1.20 first, or use strategy: revision) — on 4 clusters: t1, d1, d2, p1 (clusters/t1/istio/control-plane.yaml:9:16)',
    ]);
  });

  it('allows a two-minor Istio step with the revision strategy', () => {
    const result = plan(repo(request('service: istio\nversion: 1.21.0\nstrategy: revision\n')));

    expect(result.diagnostics).toEqual([]);
  });

  it('refuses a downgrade unless allowDowngrade is set', () => {
    const files = (allow: string) => repo(request(`service: promtail\nversion: 6.15.0\n${allow}`));

    expect(plan(files('')).diagnostics.map((d) => d.message)).toEqual([
      '6.15.0 is lower than 6.15.3; set allowDowngrade: true to go down — on 4 clusters: t1, d1, d2, p1 (clusters/t1/promtail.yaml:10:16)',
    ]);
    expect(plan(files('allowDowngrade: true\n')).diagnostics).toEqual([]);
  });

  it('refuses a file shared by clusters of different waves', () => {
    const files = filesAt(
      'clusters/{cluster}/promtail.yaml',
      'shared/promtail.yaml',
      'service: promtail\nversion: 6.16.0\n',
      {
        'shared/promtail.yaml': helmRelease('promtail', '6.15.3'),
      },
    );

    const messages = plan(files).diagnostics.map((d) => d.message);

    expect(messages[0]).toBe(
      "HelmRelease ns/promtail is shared by cluster 't1' (wave 1, test) and cluster 'd1' (wave 2, dev); GUARD cannot upgrade them in separate waves — give each cluster its own file",
    );
  });

  it('edits a file that clusters of one wave share once, each of its fields once, in offset order', () => {
    const files = filesAt(
      'clusters/{cluster}/istio/*.yaml',
      'envs/{environment}/istio/*.yaml',
      'service: istio\nversion: 1.20.1\n',
      {
        // The gateway comes first in the file: edits list fields by offset, not by chart.
        'envs/dev/istio/all.yaml':
          helmRelease('gateway', '1.19.5', 'ingress') +
          helmRelease('base', '1.19.5') +
          helmRelease('istiod', '1.19.5'),
        'envs/dev/istio/Extra.yaml': helmRelease('gateway', '1.19.5', 'egress'),
        'envs/test/istio/all.yaml':
          helmRelease('base', '1.19.4') + helmRelease('istiod', '1.19.4') + helmRelease('gateway', '1.19.4'),
        'envs/prod/istio/all.yaml':
          helmRelease('base', '1.20.1') + helmRelease('istiod', '1.20.1') + helmRelease('gateway', '1.20.1'),
      },
    );

    const result = plan(files, 'istio');

    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dev = result.plans[0]!.waves.find((w) => w.batch === 'dev')!;
    expect(dev.clusters.map((c) => c.cluster)).toEqual(['d1', 'd2']);
    // Code-point order: 'E' sorts before 'a'.
    expect(dev.edits.map((e) => e.path)).toEqual(['envs/dev/istio/Extra.yaml', 'envs/dev/istio/all.yaml']);
    const all = dev.edits[1]!;
    expect(all.fields.map((f) => f.chart)).toEqual(['gateway', 'base', 'istiod']);
    expect(all.changes.map((c) => [c.from, c.to])).toEqual([
      ['1.19.5', '1.20.1'],
      ['1.19.5', '1.20.1'],
      ['1.19.5', '1.20.1'],
    ]);
    expect(all.after).toBe(files.read('envs/dev/istio/all.yaml')!.replaceAll('1.19.5', '1.20.1'));
  });

  it('refuses a file a wave would edit when it also belongs to a cluster in no wave', () => {
    const fleet = FLEET.replace(
      'files: ["clusters/{cluster}/promtail.yaml"]',
      'files: ["envs/{environment}/promtail.yaml"]',
    );
    const files = snapshotOf({
      'guard/fleet.yaml': fleet.replace(
        'name: d2, batch: dev, environment: dev',
        'name: d2, batch: prod, environment: dev',
      ),
      'guard/upgrade.yaml': request(
        'service: promtail\nversion: 6.16.0\nwaves:\n  - batch: test\n  - batch: dev\n',
      ),
      'envs/test/promtail.yaml': helmRelease('promtail', '6.15.3'),
      'envs/dev/promtail.yaml': helmRelease('promtail', '6.15.3'),
      'envs/prod/promtail.yaml': helmRelease('promtail', '6.15.3'),
    });

    const errors = plan(files)
      .diagnostics.filter((d) => d.severity === 'error')
      .map(formatDiagnostic);

    expect(errors).toEqual([
      "envs/dev/promtail.yaml:1:1: is shared by cluster 'd1' (wave 2, dev) and cluster 'd2', which is in no wave of this request; upgrading the file would upgrade it too — give each cluster its own file",
    ]);
  });

  it('plans only the service asked for', () => {
    const files = repo(
      `${request('service: promtail\nversion: 6.16.0\n')}---\n${request('service: istio\nversion: 1.20.1\n')}`,
    );

    expect(plan(files, 'istio').plans.map((p) => p.service)).toEqual(['istio']);
    expect(plan(files).plans.map((p) => p.service)).toEqual(['promtail', 'istio']);
  });

  it('says so when the fleet file is missing', () => {
    const result = plan(snapshotOf({}));

    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'guard/fleet.yaml:1:1: not found: GUARD needs the fleet registry here (see DESIGN section 1)',
    ]);
  });
});

describe('a wave’s edits', () => {
  it('come in code-point order of their paths, as listings do, whatever the locale', () => {
    const files = repo(request('service: istio\nversion: 1.20.1\n'));
    const d1 = {
      'clusters/d1/istio/B-base.yaml': helmRelease('base', '1.19.5'),
      'clusters/d1/istio/_istiod.yaml': helmRelease('istiod', '1.19.5'),
      'clusters/d1/istio/a-gateways.yaml': helmRelease('gateway', '1.19.5', 'ingress'),
    };
    const paths = files.list('').filter((p) => !p.startsWith('clusters/d1/istio/'));
    const texts = Object.fromEntries(paths.map((p) => [p, files.read(p)!]));
    const result = plan(snapshotOf({ ...texts, ...d1 }), 'istio');

    expect(result.diagnostics).toEqual([]);
    const dev = result.plans[0]!.waves.find((w) => w.batch === 'dev')!;
    expect(dev.edits.map((e) => e.path)).toEqual([
      'clusters/d1/istio/B-base.yaml',
      'clusters/d1/istio/_istiod.yaml',
      'clusters/d1/istio/a-gateways.yaml',
      'clusters/d2/istio/control-plane.yaml',
      'clusters/d2/istio/gateways.yaml',
    ]);
    // The locale's order would differ: underscore first, letters whatever their case.
    expect([...Object.keys(d1)].sort((a, b) => a.localeCompare(b, 'en'))[0]).toBe(
      'clusters/d1/istio/_istiod.yaml',
    );
  });
});
