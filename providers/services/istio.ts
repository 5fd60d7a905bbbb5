import type { Service } from '../../config/fleet.ts';
import type { MetricsBackend, ProviderContext, ServiceProvider } from '../../src/ports/service-provider.ts';
import { compareSemVer, parseSemVer } from '../../src/version/semver.ts';
import { istioAfterApplied } from './istio/after-applied.ts';
import { checkIstioKubernetes } from './istio/check-kubernetes.ts';
import { istioPrechecks } from './istio/prechecks.ts';
import { istioSoakMetrics } from './istio/soak-metrics.ts';

/** How many minor versions one upgrade may cross, by strategy (Istio's supported upgrade paths). */
const MAX_MINOR_STEP: Record<string, number> = { 'in-place': 1, revision: 2 };

/**
 * Istio from its Helm charts: base and istiod on every cluster, and gateway, cni and ztunnel where a
 * cluster runs them, all moved to one version together, in that order. Other charts that live in the
 * same files (kiali, say) are not Istio's to bump. Beyond planning: the Kubernetes versions each
 * minor supports (istio/kubernetes-support.ts), control-plane prechecks, sidecar restarts once
 * istiod runs the target, and mesh soak metrics.
 */
export const istio = {
  id: 'istio',
  strategies: ['in-place', 'revision'],
  checkService(service: Service) {
    return service.chart
      ? [
          {
            path: ['chart'],
            message: "the istio provider bumps base, istiod, gateway, cni and ztunnel itself; remove 'chart'",
          },
        ]
      : [];
  },
  charts() {
    return [
      { name: 'base', required: true },
      { name: 'istiod', required: true },
      { name: 'gateway', required: false, multiple: true },
      { name: 'cni', required: false },
      { name: 'ztunnel', required: false },
    ];
  },
  checkVersion(version: string) {
    const v = parseSemVer(version);
    return v && !v.vPrefix && !v.build ? undefined : `'${version}' is not an Istio version such as 1.20.1`;
  },
  compareVersions(a: string, b: string) {
    return compareSemVer(parseSemVer(a)!, parseSemVer(b)!);
  },
  checkUpgradePath({ from, to, strategy }: { from: string; to: string; strategy: string }) {
    const a = parseSemVer(from);
    const b = parseSemVer(to);
    if (!a || !b) return undefined;
    if (a.major !== b.major) return `Istio cannot move across major versions (${from} → ${to})`;
    const step = Math.abs(b.minor - a.minor);
    const max = MAX_MINOR_STEP[strategy] ?? 1;
    if (step <= max) return undefined;
    const via = `${a.major}.${a.minor + Math.sign(b.minor - a.minor) * max}`;
    const alternative =
      strategy === 'in-place' && step <= MAX_MINOR_STEP.revision! ? ', or use strategy: revision' : '';
    return (
      `Istio ${from} → ${to} crosses ${step} minor versions; ${strategy} upgrades allow at most ${max}` +
      ` (go to ${via} first${alternative})`
    );
  },
  workloads(service: Service) {
    return {
      namespace: service.namespace ?? 'istio-system',
      names: service.workloads ?? ['deployment/istiod'],
    };
  },
  checkKubernetes: checkIstioKubernetes,
  soakMetrics(service: Service, backend: MetricsBackend) {
    return istioSoakMetrics(service.namespace ?? 'istio-system', backend);
  },
  prechecks: istioPrechecks,
  afterApplied: (ctx: ProviderContext) => istioAfterApplied(ctx),
} satisfies ServiceProvider;
