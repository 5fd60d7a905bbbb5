import type { Service } from '../../config/fleet.ts';
import type { ServiceProvider } from '../../src/ports/service-provider.ts';
import { compareSemVer, parseSemVer } from '../../src/version/semver.ts';

/** Generic Helm chart: everything comes from fleet.yaml (`chart`, `namespace`, `workloads`, `metrics`). */
export const helm = {
  id: 'helm',
  strategies: ['in-place'],
  checkService(service: Service) {
    return service.chart
      ? []
      : [
          {
            path: ['chart'],
            message: "the helm provider needs 'chart': the name of the chart whose version GUARD bumps",
          },
        ];
  },
  charts(service: Service) {
    return service.chart ? [{ name: service.chart, required: true }] : [];
  },
  checkVersion(version: string) {
    return parseSemVer(version) ? undefined : `'${version}' is not a SemVer version such as 1.2.3 or v1.2.3`;
  },
  compareVersions(a: string, b: string) {
    return compareSemVer(parseSemVer(a)!, parseSemVer(b)!);
  },
  checkUpgradePath() {
    return undefined;
  },
} satisfies ServiceProvider;
