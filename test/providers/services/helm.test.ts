import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { helm as helmModule } from '../../../providers/services/helm.ts';
import type { ServiceProvider } from '../../../src/ports/service-provider.ts';

const helm: ServiceProvider = helmModule;

const service = (extra: Partial<Service> = {}): Service => ({
  provider: 'helm',
  files: ['clusters/{cluster}/logging/promtail.yaml'],
  ...extra,
});

describe('helm provider: service and charts', () => {
  it('offers only the in-place strategy', () => {
    const strategies = helm.strategies;

    expect(strategies).toEqual(['in-place']);
  });

  it('accepts a service entry that names its chart', () => {
    const problems = helm.checkService(service({ chart: 'promtail' }));

    expect(problems).toEqual([]);
  });

  it('refuses a service entry without a chart, at the chart field', () => {
    const problems = helm.checkService(service());

    expect(problems).toEqual([
      {
        path: ['chart'],
        message: "the helm provider needs 'chart': the name of the chart whose version GUARD bumps",
      },
    ]);
  });

  it("bumps exactly the fleet's chart, as a required single release", () => {
    const charts = helm.charts(service({ chart: 'promtail' }));

    expect(charts).toEqual([{ name: 'promtail', required: true }]);
  });

  it('bumps nothing when the service names no chart', () => {
    const charts = helm.charts(service());

    expect(charts).toEqual([]);
  });
});

describe('helm provider: checkVersion', () => {
  it.each(['1.2.3', 'v1.13.3', '1.2.3-rc.1', 'v1.2.3-alpha.0', '1.2.3+build.7', '0.0.0'])(
    'accepts %s',
    (version) => {
      const problem = helm.checkVersion(version);

      expect(problem).toBeUndefined();
    },
  );

  it.each(['1.2', 'v1.2', '1.2.3.4', '01.2.3', '1.2.3-', 'V1.2.3', 'latest', ''])(
    'rejects %j with a message that shows both accepted forms',
    (version) => {
      const problem = helm.checkVersion(version);

      expect(problem).toBe(`'${version}' is not a SemVer version such as 1.2.3 or v1.2.3`);
    },
  );
});

describe('helm provider: compareVersions', () => {
  it.each([
    ['6.15.3', '6.16.0', -1],
    ['6.16.0', '6.15.3', 1],
    ['v1.13.3', '1.13.3', 0],
    ['v1.13.3', 'v1.14.0', -1],
    ['1.2.3-rc.1', '1.2.3', -1],
    ['1.2.3-rc.2', '1.2.3-rc.10', -1],
    ['1.2.3+build.1', '1.2.3+build.2', 0],
    ['2.0.0', '10.0.0', -1],
  ] as const)('orders %s against %s as %d', (a, b, sign) => {
    const order = helm.compareVersions(a, b);

    expect(Math.sign(order)).toBe(sign);
  });
});

describe('helm provider: checkUpgradePath', () => {
  it.each([
    ['6.15.3', '6.16.0'],
    ['1.0.0', '3.0.0'],
    ['3.0.0', '1.0.0'],
    ['v1.13.3', 'v1.17.0'],
  ])('allows any step, %s → %s included', (from, to) => {
    const problem = helm.checkUpgradePath({ from, to, strategy: 'in-place' });

    expect(problem).toBeUndefined();
  });
});

describe('helm provider: checks from fleet.yaml', () => {
  const promtailService = service({
    chart: 'promtail',
    namespace: 'logging',
    workloads: ['daemonset/promtail', 'deployment/promtail-gateway'],
  });

  it('takes the namespace and workloads from fleet.yaml', () => {
    expect(helm.workloads!(promtailService)).toEqual({
      namespace: 'logging',
      names: ['daemonset/promtail', 'deployment/promtail-gateway'],
    });
  });

  it('soaks on container restarts and CrashLoopBackOff of those workloads with kube-state-metrics', () => {
    const metrics = helm.soakMetrics!(promtailService, 'prometheus');

    expect(metrics.map((m) => m.query)).toEqual([
      'sum by (kube_cluster_name) (increase(kube_pod_container_status_restarts_total{$clusters,namespace="logging",pod=~"promtail-.*|promtail-gateway-.*"}[5m]))',
      '(sum by (kube_cluster_name) (kube_pod_container_status_waiting_reason{$clusters,namespace="logging",pod=~"promtail-.*|promtail-gateway-.*",reason="CrashLoopBackOff"}) or ' +
        '0 * sum by (kube_cluster_name) (kube_pod_container_info{$clusters,namespace="logging",pod=~"promtail-.*|promtail-gateway-.*"}))',
    ]);
  });

  it('reads the same on Datadog through the workload tags', () => {
    const metrics = helm.soakMetrics!(promtailService, 'datadog');

    expect(metrics[1]!.query).toBe(
      'sum:kubernetes_state.container.status_report.count.waiting{($clusters) AND kube_namespace:logging AND ' +
        '(kube_daemon_set:promtail OR kube_deployment:promtail-gateway) AND reason:crashloopbackoff} by {kube_cluster_name}',
    );
  });

  it('has no default metrics when fleet.yaml lists no workloads', () => {
    const metrics = helm.soakMetrics!(service({ chart: 'podinfo' }), 'prometheus');

    expect(metrics).toEqual([]);
  });
});
