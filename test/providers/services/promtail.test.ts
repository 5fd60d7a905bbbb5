import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { promtail } from '../../../providers/services/promtail.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import { snapshotOf } from '../../../src/repo/repo-snapshot.ts';
import { daemonSetObject, providerContext } from './provider-context.ts';

const service: Service = { provider: 'promtail', files: ['clusters/{cluster}/logging/promtail.yaml'] };

describe('promtail provider', () => {
  it('defaults to the promtail chart and its DaemonSet in logging; fleet.yaml overrides the namespace', () => {
    expect(promtail.charts(service)).toEqual([{ name: 'promtail', required: true }]);
    expect(promtail.workloads!({ ...service, namespace: 'observability' })).toEqual({
      namespace: 'observability',
      names: ['daemonset/promtail'],
    });
  });

  it('plans an Argo CD Application pinned with targetRevision', () => {
    const app = (v: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: promtail
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://grafana.github.io/helm-charts
    chart: promtail
    targetRevision: ${v}
  destination: { server: "https://kubernetes.default.svc", namespace: logging }
`;
    const repo = snapshotOf({
      'guard/fleet.yaml': `apiVersion: guard/v1
kind: Fleet
batches: [prod]
clusters:
  - { name: legacy-usw2, batch: prod, environment: prod, kubeconfig: { context: legacy } }
services:
  promtail:
    provider: promtail
    files: ["clusters/{cluster}/logging/promtail.yaml"]
`,
      'guard/upgrade.yaml':
        'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: promtail\nversion: 6.16.0\n',
      'clusters/legacy-usw2/logging/promtail.yaml': app('6.15.3'),
    });

    const result = planRepo({
      repo,
      providers: lookupServiceProvider,
      providerIds: [...serviceProviders.keys()],
    });

    expect(result.diagnostics).toEqual([]);
    expect(result.plans[0]!.waves[0]!.edits[0]!.after).toBe(app('6.16.0'));
  });

  it('passes when promtail is available on every node', async () => {
    const outcomes = await promtail.prechecks!(
      providerContext(service, [daemonSetObject('logging', 'promtail', 12, 12)]),
    );

    expect(outcomes).toEqual([
      { check: 'promtail-on-every-node', status: 'pass', reason: 'promtail is available on all 12 nodes' },
    ]);
  });

  it('fails when some nodes have no available promtail pod', async () => {
    const outcomes = await promtail.prechecks!(
      providerContext(service, [daemonSetObject('logging', 'promtail', 12, 10)]),
    );

    expect(outcomes).toEqual([
      {
        check: 'promtail-on-every-node',
        status: 'fail',
        reason: 'promtail is available on 10 of 12 nodes; fix the missing pods before upgrading',
      },
    ]);
  });

  it('fails when the DaemonSet does not exist', async () => {
    const outcomes = await promtail.prechecks!(providerContext(service, []));

    expect(outcomes[0]).toMatchObject({ status: 'fail', reason: 'daemonset logging/promtail not found' });
  });

  it('soaks on dropped entries rising and sent entries falling, on both backends', () => {
    const prom = promtail.soakMetrics!(service, 'prometheus');
    const dd = promtail.soakMetrics!(service, 'datadog');

    expect(prom.map((m) => [m.name, m.kind])).toEqual([
      ['container-restarts', 'count'],
      ['crashloopbackoff', 'count'],
      ['dropped-entries', 'count'],
      ['sent-entries', 'rate'],
    ]);
    expect(prom[0]!.query).toBe(
      'sum by (kube_cluster_name) (increase(kube_pod_container_status_restarts_total{$clusters,namespace="logging",pod=~"promtail-.*"}[5m]))',
    );
    expect(dd[3]).toMatchObject({
      name: 'sent-entries',
      query: 'sum:promtail.sent_entries.count{$clusters} by {kube_cluster_name}.as_rate()',
      maxDecreasePercent: 30,
    });
  });
});
