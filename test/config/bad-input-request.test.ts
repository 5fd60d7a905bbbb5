/**
 * Bad input in guard/upgrade.yaml. Each case is the valid base repo (bad-input-helpers.ts) with one
 * thing broken, and asserts every line `guard validate` prints: `file:line:col: field: message`.
 * Line numbers refer to BASE_REQUEST (istio document on lines 1-11, promtail document on 13-17).
 */
import { describe } from 'vitest';
import { type Case, itReports } from './bad-input-expect.ts';
import { inFleet, inRequest, REQUEST, repo, withFile } from './bad-input-helpers.ts';

const R = REQUEST;

/** Adds `line` to the istio document, after `rollback: automatic` (it becomes line 12). */
const istioAlso = (line: string) => inRequest('rollback: automatic', `rollback: automatic\n${line}`);

const WAVES = 'waves:\n  - batch: test\n    soak: 30m\n  - batch: dev\n  - batch: prod';

describe('guard/upgrade.yaml: identity and unknown keys', () => {
  const cases: Case[] = [
    {
      name: 'reports an apiVersion other than guard/v1 at its value',
      files: repo(
        inRequest(
          'apiVersion: guard/v1\nkind: UpgradeRequest\nservice: istio',
          'apiVersion: guard/v1beta1\nkind: UpgradeRequest\nservice: istio',
        ),
      ),
      expected: [`${R}:1:13: apiVersion: must be 'guard/v1' (got 'guard/v1beta1')`],
    },
    {
      name: 'reports a kind other than UpgradeRequest at its value',
      files: repo(inRequest('kind: UpgradeRequest\nservice: istio', 'kind: Upgrade\nservice: istio')),
      expected: [`${R}:2:7: kind: must be 'UpgradeRequest' (got 'Upgrade')`],
    },
    {
      name: 'reports an unknown top-level key with the key it resembles',
      files: repo(istioAlso('allowDowngrades: true')),
      expected: [`${R}:12:1: unknown key 'allowDowngrades' (did you mean 'allowDowngrade'?)`],
    },
    {
      name: 'reports an unknown key inside soak with the key it resembles',
      files: repo(inRequest('interval: 1m', 'intervall: 1m')),
      expected: [`${R}:10:23: soak: unknown key 'intervall' (did you mean 'interval'?)`],
    },
    {
      name: 'lists the keys a wave allows when an unknown one resembles none closely',
      files: repo(inRequest('    soak: 30m', '    soka: 30m')),
      expected: [`${R}:7:5: waves[0]: unknown key 'soka' (allowed: batch, soak)`],
    },
    {
      name: 'reports a document that is a list instead of a mapping',
      files: repo(withFile(REQUEST, '- service: istio\n  version: 1.20.0\n')),
      expected: [`${R}:1:1: must be a mapping (got a list)`],
    },
  ];
  itReports(cases);
});

describe('guard/upgrade.yaml: services and versions', () => {
  const cases: Case[] = [
    {
      name: 'reports a service the fleet does not have, with the service it resembles',
      files: repo(inRequest('service: istio', 'service: istion')),
      expected: [
        `${R}:3:10: service: service 'istion' is not in fleet services: istio, promtail (did you mean 'istio'?)`,
      ],
    },
    {
      name: 'reports a service the fleet does not have, listing the services it has',
      files: repo(inRequest('service: istio', 'service: linkerd')),
      expected: [`${R}:3:10: service: service 'linkerd' is not in fleet services: istio, promtail`],
    },
    {
      name: 'reports a second document for the same service, pointing back at the first',
      files: repo(inRequest('service: promtail', 'service: istio')),
      expected: [
        `${R}:15:10: service: service 'istio' already has a request at ${R}:3:10; one document per service`,
      ],
    },
    {
      name: 'reports a missing version',
      files: repo(inRequest('version: 1.20.0\n', '')),
      expected: [`${R}:1:1: version: is required`],
    },
    {
      name: 'reports an empty version once',
      files: repo(inRequest('version: 1.20.0', 'version: ""')),
      expected: [`${R}:4:10: version: must not be empty`],
    },
    {
      name: 'reports a version key with no value without suggesting to quote nothing',
      files: repo(inRequest('version: 1.20.0', 'version:')),
      expected: [`${R}:4:9: version: must be a string (got null)`],
    },
    {
      name: 'reports a version YAML reads as a number, with the quoted text to write',
      files: repo(inRequest('version: 1.20.0', 'version: 1.20')),
      expected: [`${R}:4:10: version: must be a string (got number 1.2); quote it: "1.20"`],
    },
    {
      name: 'reports an Istio version with a v prefix',
      files: repo(inRequest('version: 1.20.0', 'version: v1.20.0')),
      expected: [`${R}:4:10: version: 'v1.20.0' is not an Istio version such as 1.20.1`],
    },
    {
      name: 'reports an Istio version without a patch number',
      files: repo(inRequest('version: 1.20.0', 'version: "1.20"')),
      expected: [`${R}:4:10: version: '1.20' is not an Istio version such as 1.20.1`],
    },
    {
      name: 'reports a helm chart version that is not SemVer',
      files: repo(inRequest('version: 6.16.0', 'version: latest')),
      expected: [`${R}:16:10: version: 'latest' is not a SemVer version such as 1.2.3 or v1.2.3`],
    },
    {
      name: "reports a strategy the service's provider does not have, listing its strategies",
      files: repo(istioAlso('strategy: canary')),
      expected: [
        `${R}:12:11: strategy: strategy 'canary' is not one of the istio provider's: in-place, revision`,
      ],
    },
  ];
  itReports(cases);
});

describe('guard/upgrade.yaml: waves', () => {
  const cases: Case[] = [
    {
      name: 'reports a wave batch the fleet does not have, with the batch it resembles',
      files: repo(inRequest('  - batch: prod', '  - batch: prd')),
      expected: [
        `${R}:9:12: waves[2].batch: batch 'prd' is not in fleet batches: test, dev, prod (did you mean 'prod'?)`,
      ],
    },
    {
      name: 'reports a wave whose batch has no clusters',
      // the fleet gains an empty batch 'staging'; the request puts it on line 9, prod moves to 10
      files: repo(
        inFleet('batches: [test, dev, prod]', 'batches: [test, dev, staging, prod]'),
        inRequest('  - batch: prod', '  - batch: staging\n  - batch: prod'),
      ),
      expected: [`${R}:9:12: waves[2].batch: batch 'staging' has no clusters in guard/fleet.yaml`],
    },
    {
      name: 'warns, without failing, about waves out of fleet order at the first wave that goes back',
      files: repo(inRequest('  - batch: dev\n  - batch: prod', '  - batch: prod\n  - batch: dev')),
      expected: [
        `${R}:9:12: warning: waves[2].batch: batch 'dev' comes before 'prod' in fleet batches (test, dev, prod); this request promotes it later`,
      ],
    },
    {
      name: 'reports a batch that is already a wave',
      files: repo(inRequest('  - batch: prod', '  - batch: prod\n  - batch: prod')),
      expected: [`${R}:10:12: waves[3].batch: batch 'prod' is already wave 3`],
    },
    {
      name: 'reports waves written as a mapping',
      files: repo(inRequest(WAVES, 'waves: { batch: test }')),
      expected: [`${R}:5:8: waves: must be a list (got a mapping)`],
    },
    {
      name: 'reports an empty waves list',
      files: repo(inRequest(WAVES, 'waves: []')),
      expected: [`${R}:5:8: waves: must have at least 1 item`],
    },
    {
      name: 'reports a wave written as a bare batch name',
      files: repo(inRequest('  - batch: dev\n', '  - dev\n')),
      expected: [`${R}:8:5: waves[1]: must be a mapping (got 'dev')`],
    },
    {
      name: 'warns, without failing, about clusters that are in no wave',
      files: repo(inRequest('  - batch: prod\n', '')),
      expected: [
        `${R}:6:3: warning: waves: 2 clusters are in no wave of the istio request: prod-use1 (prod), prod-euw1 (prod)`,
      ],
    },
  ];
  itReports(cases);
});

describe('guard/upgrade.yaml: soak, rollback and the other typed fields', () => {
  const cases: Case[] = [
    {
      name: 'reports a soak interval longer than the soak duration',
      files: repo(
        inRequest(
          'soak: { duration: 1h, interval: 1m, failAfter: 3 }',
          'soak: { duration: 1m, interval: 5m, failAfter: 3 }',
        ),
      ),
      expected: [`${R}:10:33: soak.interval: interval 5m is longer than the soak duration 1m`],
    },
    {
      name: 'reports a wave soak under the one-minute minimum',
      files: repo(inRequest('    soak: 30m', '    soak: 30s')),
      expected: [`${R}:7:11: waves[0].soak: must be at least 1m (got '30s')`],
    },
    {
      name: 'reports a soak duration that is not a duration, once',
      files: repo(inRequest('duration: 1h', 'duration: 1 hour')),
      expected: [
        `${R}:10:19: soak.duration: must be a duration such as "30s", "30m", "2h" or "1h30m" (got '1 hour')`,
      ],
    },
    {
      name: 'reports a wave soak written as a bare number as a duration problem',
      files: repo(inRequest('    soak: 30m', '    soak: 30')),
      expected: [
        `${R}:7:11: waves[0].soak: must be a duration such as "30s", "30m", "2h" or "1h30m" (got number 30)`,
      ],
    },
    {
      name: 'reports a rolloutTimeout written as a bare number as a duration problem',
      files: repo(istioAlso('rolloutTimeout: 30')),
      expected: [
        `${R}:12:17: rolloutTimeout: must be a duration such as "30s", "30m", "2h" or "1h30m" (got number 30)`,
      ],
    },
    {
      name: 'reports soak.failAfter written as a string',
      files: repo(inRequest('failAfter: 3', 'failAfter: "3"')),
      expected: [`${R}:10:48: soak.failAfter: must be a number (got '3')`],
    },
    {
      name: 'reports allowDowngrade: yes (a string in YAML 1.2, not a boolean)',
      files: repo(istioAlso('allowDowngrade: yes')),
      expected: [`${R}:12:17: allowDowngrade: must be a boolean (got 'yes')`],
    },
    {
      name: 'reports a negative maxFailedClusters',
      files: repo(istioAlso('maxFailedClusters: -1')),
      expected: [`${R}:12:20: maxFailedClusters: must be at least 0 (got number -1)`],
    },
    {
      name: 'reports rollback written as a number, naming both accepted forms',
      files: repo(inRequest('rollback: automatic', 'rollback: 1')),
      expected: [`${R}:11:11: rollback: must be 'automatic', 'manual' or a mapping (got number 1)`],
    },
    {
      name: 'reports a rollback word that is neither automatic nor manual',
      files: repo(inRequest('rollback: automatic', 'rollback: auto')),
      expected: [`${R}:11:11: rollback: must be 'automatic', 'manual' or a mapping (got 'auto')`],
    },
    {
      name: 'reports rollback { mode: sometimes } at the mode',
      files: repo(inRequest('rollback: automatic', 'rollback: { mode: sometimes }')),
      expected: [`${R}:11:19: rollback.mode: must be one of: automatic, manual (got 'sometimes')`],
    },
  ];
  itReports(cases);
});
