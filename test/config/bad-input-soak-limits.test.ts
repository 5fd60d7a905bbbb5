/**
 * Bad soak metric limits in guard/fleet.yaml (`max`, `min`, `for`; DESIGN section 11) and adjusted
 * provider defaults: every line `guard validate` prints. The base fleet's istio service (line 31)
 * gets a `metrics:` list appended after its files (from line 34).
 */
import { describe } from 'vitest';
import { type Case, itReports } from './bad-input-expect.ts';
import { FLEET, inFleet, repo } from './bad-input-helpers.ts';

const F = FLEET;
const ISTIO_FILES = '    files: ["clusters/{cluster}/istio/*.yaml"]';

/** The istio service with `lines` as its metrics list (each line at 6 spaces, from line 35). */
const istioMetrics = (...lines: string[]) =>
  repo(inFleet(ISTIO_FILES, [ISTIO_FILES, '    metrics:', ...lines.map((l) => `      ${l}`)].join('\n')));

describe('guard/fleet.yaml: soak metric limits', () => {
  const cases: Case[] = [
    {
      name: 'accepts limits on an adjusted provider default and on a metric of its own',
      files: istioMetrics(
        '- { name: mesh-5xx-ratio, max: 0.05, for: 2m }',
        '- { name: mesh-p95-ms, max: 1000 }',
        '- { name: success, kind: ratio, query: "sum:ok{$clusters} / sum:all{$clusters}", min: 0.95, for: 5m }',
      ),
      expected: [],
    },
    {
      name: 'reports a ratio limit written as a percentage, with the fraction to write',
      files: istioMetrics('- { name: errors, kind: ratio, query: "sum:e{$clusters}", max: 5 }'),
      expected: [
        `${F}:35:70: services.istio.metrics[0].max: a ratio's max is a fraction between 0 and 1: for 5% write 0.05 (got number 5)`,
      ],
    },
    {
      name: 'reports a min at or above the max',
      files: istioMetrics('- { name: p99, kind: latency, query: "p99:x{$clusters}", max: 500, min: 900 }'),
      expected: [
        `${F}:35:79: services.istio.metrics[0].min: min (900) must be below max (500) (got number 900)`,
      ],
    },
    {
      name: 'reports a for that is not a duration, and a for without a limit',
      files: istioMetrics('- { name: mesh-p95-ms, for: 2 minutes }', '- { name: xds-rejects, for: 2m }'),
      expected: [
        `${F}:35:35: services.istio.metrics[0].for: must be a duration such as "30s", "30m", "2h" or "1h30m" (got '2 minutes')`,
        `${F}:36:35: services.istio.metrics[1].for: 'for' needs a limit: set 'max' or 'min' (got '2m')`,
      ],
    },
    {
      name: 'reports a limit that is not a number',
      files: istioMetrics('- { name: mesh-p95-ms, max: high }'),
      expected: [`${F}:35:35: services.istio.metrics[0].max: must be a number (got 'high')`],
    },
    {
      name: 'reports an adjustment of a metric the provider does not have, naming the ones it has',
      files: istioMetrics('- { name: mesh-5xx, max: 0.05 }'),
      expected: [
        `${F}:35:17: services.istio.metrics[0].name: 'mesh-5xx' is no default soak metric of provider istio (mesh-5xx-ratio, mesh-p95-ms, xds-push-errors, xds-rejects, istiod-restarts); give it a kind and a query to add it`,
      ],
    },
    {
      name: 'reports a query without a kind',
      files: istioMetrics('- { name: own, query: "sum:x{$clusters}" }'),
      expected: [
        `${F}:35:9: services.istio.metrics[0].kind: 'kind' is required with 'query'; leave both out only to adjust a provider default metric`,
      ],
    },
  ];
  itReports(cases);
});
