/**
 * Bad input found while planning: cluster files that are missing, hold no version, hold two, hold
 * one GUARD cannot edit, and requests the cluster versions rule out (downgrades, Istio skew).
 * Each cluster's clusters/<c>/istio/istio.yaml has base at 10:16 and istiod at 21:16, and
 * clusters/<c>/logging/promtail.yaml has promtail at 10:16 (see bad-input-helpers.ts).
 */
import { describe } from 'vitest';
import { type Case, itReports } from './bad-input-expect.ts';
import {
  BASE_PROMTAIL,
  FLEET,
  helmRelease,
  inFile,
  inRequest,
  istioFile,
  promtailFile,
  REQUEST,
  repo,
  withFile,
  without,
} from './bad-input-helpers.ts';

const ALL = 'on 4 clusters: test-use1, dev-use1, prod-use1, prod-euw1';
const DEV_ISTIO = istioFile('dev-use1');
const DEV_PROMTAIL = promtailFile('dev-use1');

describe('cluster files and their version fields', () => {
  const cases: Case[] = [
    {
      name: 'reports a cluster that has no file matching the service template, at the template',
      files: repo(without(promtailFile('prod-euw1'))),
      expected: [
        `${FLEET}:39:12: services.promtail.files: cluster 'prod-euw1' has no file matching clusters/prod-euw1/logging/promtail.yaml`,
      ],
    },
    {
      name: 'reports a cluster that has no file matching a glob template',
      files: repo(without(istioFile('prod-use1'))),
      expected: [
        `${FLEET}:33:12: services.istio.files: cluster 'prod-use1' has no file matching clusters/prod-use1/istio/*.yaml`,
      ],
    },
    {
      name: 'reports a file that does not set the helm chart',
      files: repo(withFile(DEV_PROMTAIL, helmRelease('loki', 'logging', 'loki', '5.0.0'))),
      expected: [
        `${DEV_PROMTAIL}:1:1: no HelmRelease, Argo CD Application or Kustomization in ${DEV_PROMTAIL} sets chart 'promtail' (cluster 'dev-use1', service 'promtail')`,
      ],
    },
    {
      name: 'reports an Istio cluster without istiod',
      files: repo(withFile(DEV_ISTIO, helmRelease('istio-base', 'istio-system', 'base', '1.19.5'))),
      expected: [
        `${DEV_ISTIO}:1:1: no HelmRelease, Argo CD Application or Kustomization in ${DEV_ISTIO} sets chart 'istiod' (cluster 'dev-use1', service 'istio')`,
      ],
    },
    {
      name: 'reports two HelmReleases of chart promtail in one cluster at the second, naming the first',
      // the second release is lines 12-21 of the file, its version at 21:16
      files: repo(
        withFile(
          DEV_PROMTAIL,
          `${BASE_PROMTAIL}---\n${helmRelease('promtail-canary', 'logging', 'promtail', '6.15.3')}`,
        ),
      ),
      expected: [
        `${DEV_PROMTAIL}:21:16: spec.chart.spec.version: HelmRelease logging/promtail-canary: a second version field for chart 'promtail' in cluster 'dev-use1' (the first is HelmRelease logging/promtail at ${DEV_PROMTAIL}:10:16); GUARD edits exactly one`,
      ],
    },
    {
      name: "reports two istiod releases spread over two of a cluster's files",
      files: repo(
        withFile(
          'clusters/dev-use1/istio/istiod-canary.yaml',
          helmRelease('istiod-canary', 'istio-system', 'istiod', '1.19.5'),
        ),
      ),
      expected: [
        `clusters/dev-use1/istio/istiod-canary.yaml:10:16: spec.chart.spec.version: HelmRelease istio-system/istiod-canary: a second version field for chart 'istiod' in cluster 'dev-use1' (the first is HelmRelease istio-system/istiod at ${DEV_ISTIO}:21:16); GUARD edits exactly one`,
      ],
    },
    {
      name: 'reports a semver range as a HelmRelease version',
      files: repo(inFile(DEV_ISTIO, 'version: 1.19.5\n---', "version: '1.19.x'\n---")),
      expected: [
        `${DEV_ISTIO}:10:16: spec.chart.spec.version: HelmRelease istio-system/istio-base: '1.19.x' is not an Istio version such as 1.20.1; GUARD needs a pinned version to upgrade from and roll back to`,
      ],
    },
    {
      name: 'reports a semver constraint as a helm chart version',
      files: repo(inFile(DEV_PROMTAIL, '"6.15.3"', "'>=6.0.0'")),
      expected: [
        `${DEV_PROMTAIL}:10:16: spec.chart.spec.version: HelmRelease logging/promtail: '>=6.0.0' is not a SemVer version such as 1.2.3 or v1.2.3; GUARD needs a pinned version to upgrade from and roll back to`,
      ],
    },
    {
      name: 'reports a version field that is an alias',
      // an anchored annotation is added to istio-base (line 5); istiod's version moves to 22:16
      files: repo(
        inFile(DEV_ISTIO, '  name: istio-base', '  name: istio-base\n  annotations: { pinned: &v 1.19.5 }'),
        inFile(DEV_ISTIO, 'chart: istiod\n      version: 1.19.5', 'chart: istiod\n      version: *v'),
      ),
      expected: [
        `${DEV_ISTIO}:22:16: spec.chart.spec.version: HelmRelease istio-system/istiod: spec.chart.spec.version is an alias (*v); GUARD edits only literal versions`,
      ],
    },
    {
      name: 'reports a HelmRelease of the chart without a version, at its chart spec',
      files: repo(inFile(DEV_PROMTAIL, '      version: "6.15.3"\n', '')),
      expected: [
        `${DEV_PROMTAIL}:9:7: spec.chart.spec.version: HelmRelease logging/promtail: sets chart 'promtail' but has no spec.chart.spec.version; GUARD needs a pinned version`,
      ],
    },
    {
      name: 'reports a version written as a block scalar',
      files: repo(inFile(DEV_PROMTAIL, 'version: "6.15.3"', 'version: |\n        6.15.3')),
      expected: [
        `${DEV_PROMTAIL}:10:16: spec.chart.spec.version: HelmRelease logging/promtail: spec.chart.spec.version is a block scalar; write the version on one line`,
      ],
    },
    {
      name: 'reports a cluster file that is not valid YAML at the offending line',
      // a second 'kind:' key on line 3
      files: repo(inFile(DEV_PROMTAIL, 'kind: HelmRelease\n', 'kind: HelmRelease\nkind: HelmRelease\n')),
      expected: [`${DEV_PROMTAIL}:3:1: invalid YAML: Map keys must be unique`],
    },
    {
      name: 'reports a tab used as indentation in a cluster file as invalid YAML, not as a missing chart',
      files: repo(inFile(DEV_PROMTAIL, '  chart:\n', '\tchart:\n')),
      expected: [`${DEV_PROMTAIL}:7:1: invalid YAML: Tabs are not allowed as indentation`],
    },
    {
      name: 'reports a syntax error inside a HelmRelease values block at its line',
      // values added after the version (line 10): `  values:` on 11, the open bracket on 12
      files: repo(
        inFile(DEV_PROMTAIL, 'version: "6.15.3"\n', 'version: "6.15.3"\n  values:\n    config: [a, b\n'),
      ),
      expected: [
        `${DEV_PROMTAIL}:12:13: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      ],
    },
    {
      name: 'reports a mis-indented key inside a HelmRelease values block',
      files: repo(
        inFile(DEV_PROMTAIL, 'version: "6.15.3"\n', 'version: "6.15.3"\n  values:\n    a: 1\n     b: 2\n'),
      ),
      expected: [`${DEV_PROMTAIL}:12:8: invalid YAML: Nested mappings are not allowed in compact mappings`],
    },
    {
      name: 'reports an unclosed bracket in a cluster file at the bracket, not as a missing chart',
      files: repo(inFile(DEV_PROMTAIL, 'chart: promtail', 'chart: [promtail')),
      expected: [
        `${DEV_PROMTAIL}:9:14: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      ],
    },
  ];
  itReports(cases);
});

describe('requests the cluster versions rule out', () => {
  const cases: Case[] = [
    {
      name: 'reports an Istio downgrade without allowDowngrade, once for every cluster it affects',
      files: repo(inRequest('version: 1.20.0', 'version: 1.19.0')),
      expected: [
        `${REQUEST}:4:10: version: 1.19.0 is lower than 1.19.5; set allowDowngrade: true to go down — ${ALL} (${istioFile('test-use1')}:10:16)`,
      ],
    },
    {
      name: 'reports a helm chart downgrade without allowDowngrade',
      files: repo(inRequest('version: 6.16.0', 'version: 6.15.0')),
      expected: [
        `${REQUEST}:16:10: version: 6.15.0 is lower than 6.15.3; set allowDowngrade: true to go down — ${ALL} (${promtailFile('test-use1')}:10:16)`,
      ],
    },
    {
      name: 'reports an in-place Istio upgrade that skips a minor version (1.19.5 → 1.21.0)',
      files: repo(inRequest('version: 1.20.0', 'version: 1.21.0')),
      expected: [
        `${REQUEST}:4:10: version: Istio 1.19.5 → 1.21.0 crosses 2 minor versions; in-place upgrades allow at most 1 (go to 1.20 first, or use strategy: revision) — ${ALL} (${istioFile('test-use1')}:10:16)`,
      ],
    },
  ];
  itReports(cases);
});
