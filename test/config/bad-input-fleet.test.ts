/**
 * Bad input in guard/fleet.yaml. Each case is the valid base repo (bad-input-helpers.ts) with one
 * thing broken, and asserts every line `guard validate` prints: `file:line:col: field: message`.
 * Line numbers refer to BASE_FLEET; a change that adds or removes lines says so.
 */
import { describe } from 'vitest';
import { type Case, itReports } from './bad-input-expect.ts';
import { BASE_FLEET, FLEET, inFleet, repo, withFile, without } from './bad-input-helpers.ts';

const F = FLEET;

/** The base fleet with `text` appended at the end (after the services block, from line 40). */
const fleetPlus = (text: string) => withFile(FLEET, BASE_FLEET + text);

describe('guard/fleet.yaml: identity and unknown keys', () => {
  const cases: Case[] = [
    {
      name: 'reports an apiVersion other than guard/v1 at its value',
      files: repo(inFleet('apiVersion: guard/v1', 'apiVersion: guard/v2')),
      expected: [`${F}:1:13: apiVersion: must be 'guard/v1' (got 'guard/v2')`],
    },
    {
      name: 'reports a kind other than Fleet at its value',
      files: repo(inFleet('kind: Fleet', 'kind: Flet')),
      expected: [`${F}:2:7: kind: must be 'Fleet' (got 'Flet')`],
    },
    {
      name: 'reports an unknown top-level key at the key, with the key it resembles',
      files: repo(inFleet('windows:', 'window:')),
      expected: [`${F}:28:1: unknown key 'window' (did you mean 'windows'?)`],
    },
    {
      name: 'reports a misspelt required top-level key once, without echoing it into the request',
      // services is both unknown (as 'servics') and missing; the request's services cannot be checked
      // against a fleet that has none, so nothing is said about guard/upgrade.yaml.
      files: repo(inFleet('services:', 'servics:')),
      expected: [
        `${F}:1:1: services: is required`,
        `${F}:30:1: unknown key 'servics' (did you mean 'services'?)`,
      ],
    },
    {
      name: 'reports an unknown key in a service at the key, with the key it resembles',
      files: repo(inFleet('    namespace: logging', '    namspace: logging')),
      expected: [`${F}:37:5: services.promtail: unknown key 'namspace' (did you mean 'namespace'?)`],
    },
    {
      name: 'lists the allowed keys when an unknown nested key resembles none of them',
      files: repo(inFleet('eks: { name: dev-use1 }', 'eks: { name: dev-use1, role: x }')),
      expected: [
        `${F}:17:28: clusters[1].eks: unknown key 'role' (allowed: name, region, roleArn, endpoint, caData)`,
      ],
    },
    {
      name: 'reports an unknown command name under commands with the command it resembles',
      files: repo(fleetPlus('commands:\n  rollbak: { users: [alice] }\n')),
      expected: [`${F}:41:3: commands: unknown key 'rollbak' (did you mean 'rollback'?)`],
    },
  ];
  itReports(cases);
});

describe('guard/fleet.yaml: wrong types', () => {
  const cases: Case[] = [
    {
      name: 'reports batches written as a string, and nothing about the request waves it makes unknowable',
      files: repo(inFleet('batches: [test, dev, prod]', 'batches: test, dev, prod')),
      expected: [`${F}:3:10: batches: must be a list (got 'test, dev, prod')`],
    },
    {
      name: 'reports clusters[0].eks written as a string',
      files: repo(
        inFleet(
          'eks: { name: test-use1, roleArn: "arn:aws:iam::111111111111:role/guard" }',
          'eks: test-use1',
        ),
      ),
      expected: [`${F}:12:10: clusters[0].eks: must be a mapping (got 'test-use1')`],
    },
    {
      name: 'reports metrics written as a string',
      files: repo(
        inFleet('metrics:\n  provider: datadog\n  clusterTag: kube_cluster_name', 'metrics: datadog'),
      ),
      expected: [`${F}:4:10: metrics: must be a mapping (got 'datadog')`],
    },
    {
      name: "reports a service's files written as a string instead of a list",
      files: repo(
        inFleet(
          'files: ["clusters/{cluster}/logging/promtail.yaml"]',
          'files: clusters/{cluster}/logging/promtail.yaml',
        ),
      ),
      expected: [
        `${F}:39:12: services.promtail.files: must be a list (got 'clusters/{cluster}/logging/promtail.yaml')`,
      ],
    },
    {
      name: 'reports a number where a name is expected, with the quoted form to write',
      files: repo(inFleet('    environment: dev\n', '    environment: 1\n')),
      expected: [`${F}:15:18: clusters[1].environment: must be a string (got number 1); quote it: "1"`],
    },
    {
      name: 'reports a window timezone that is not an IANA zone',
      files: repo(inFleet('timezone: Europe/Berlin', 'timezone: Europe/Berln')),
      expected: [
        `${F}:29:75: windows[0].timezone: must be an IANA time zone such as "Europe/Berlin" or "UTC" (got 'Europe/Berln')`,
      ],
    },
    {
      name: 'reports a window start of 25:00',
      files: repo(inFleet('start: "09:00"', 'start: "25:00"')),
      expected: [`${F}:29:42: windows[0].start: must be a time "HH:MM" (got '25:00')`],
    },
    {
      name: 'reports a window day that is not a weekday abbreviation, listing the valid ones',
      files: repo(inFleet('days: [mon, tue, wed, thu]', 'days: [monday, tue, wed, thu]')),
      expected: [
        `${F}:29:14: windows[0].days[0]: must be one of: mon, tue, wed, thu, fri, sat, sun (got 'monday')`,
      ],
    },
    {
      name: 'reports a metrics provider GUARD does not support, listing the supported ones',
      files: repo(inFleet('provider: datadog', 'provider: newrelic')),
      expected: [`${F}:5:13: metrics.provider: must be one of: datadog, prometheus (got 'newrelic')`],
    },
    {
      name: 'reports a workload without its kind',
      files: repo(inFleet('[daemonset/promtail]', '[promtail]')),
      expected: [
        `${F}:38:17: services.promtail.workloads[0]: must be "deployment/<name>", "daemonset/<name>" or "statefulset/<name>" (got 'promtail')`,
      ],
    },
    {
      name: 'reports an EKS region that is not an AWS region',
      files: repo(inFleet('eks: { name: dev-use1 }', 'eks: { name: dev-use1, region: us-east }')),
      expected: [
        `${F}:17:36: clusters[1].eks.region: must be an AWS region such as "us-east-1" (got 'us-east')`,
      ],
    },
    {
      name: 'reports an IAM role ARN with a short account id',
      files: repo(
        inFleet('roleArn: "arn:aws:iam::111111111111:role/guard"', 'roleArn: "arn:aws:iam::1111:role/guard"'),
      ),
      expected: [
        `${F}:12:38: clusters[0].eks.roleArn: must be an IAM role ARN such as "arn:aws:iam::111111111111:role/guard" (got 'arn:aws:iam::1111:role/guard')`,
      ],
    },
    {
      name: 'reports a cluster name with capitals and an underscore, saying which names are allowed',
      files: repo(inFleet('  - name: dev-use1', '  - name: Dev_USE1')),
      expected: [
        `${F}:13:11: clusters[1].name: must be 1–63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit (got 'Dev_USE1')`,
      ],
    },
    {
      name: 'reports a missing required cluster field at the cluster',
      // removes line 25 (environment: prod of prod-euw1)
      files: repo(inFleet('    environment: prod\n    region: eu-west-1', '    region: eu-west-1')),
      expected: [`${F}:23:5: clusters[3].environment: is required`],
    },
    {
      name: 'reports a command rule that names nobody',
      files: repo(fleetPlus('commands:\n  rollback: {}\n')),
      expected: [`${F}:41:13: commands.rollback: name at least one user or team`],
    },
  ];
  itReports(cases);
});

describe('guard/fleet.yaml: clusters and batches', () => {
  const cases: Case[] = [
    {
      name: 'reports a cluster whose batch is not a fleet batch, with the batch it resembles',
      files: repo(
        inFleet(
          '    batch: prod\n    environment: prod\n    region: eu-west-1',
          '    batch: prd\n    environment: prod\n    region: eu-west-1',
        ),
      ),
      expected: [
        `${F}:24:12: clusters[3].batch: batch 'prd' is not in fleet batches: test, dev, prod (did you mean 'prod'?)`,
      ],
    },
    {
      name: 'reports the same mistake at the same line and column in a CRLF file',
      files: repo((files) => ({
        ...files,
        [FLEET]: BASE_FLEET.replace(
          '    batch: prod\n    environment: prod\n    region: eu-west-1',
          '    batch: prd\n    environment: prod\n    region: eu-west-1',
        ).replace(/\n/g, '\r\n'),
      })),
      expected: [
        `${F}:24:12: clusters[3].batch: batch 'prd' is not in fleet batches: test, dev, prod (did you mean 'prod'?)`,
      ],
    },
    {
      name: 'reports a batch listed twice, pointing at the second',
      files: repo(inFleet('batches: [test, dev, prod]', 'batches: [test, dev, prod, dev]')),
      expected: [`${F}:3:28: batches[3]: batch 'dev' is listed twice (first at batches[1])`],
    },
    {
      name: 'reports a duplicate cluster name at the second cluster',
      files: repo(inFleet('  - name: dev-use1', '  - name: test-use1')),
      expected: [`${F}:13:11: clusters[1].name: cluster name 'test-use1' is already used by clusters[0]`],
    },
    {
      name: 'reports a cluster with both eks and kubeconfig',
      // adds line 28 (eks) to prod-euw1
      files: repo(
        inFleet(
          '    kubeconfig: { context: prod-euw1 }',
          '    kubeconfig: { context: prod-euw1 }\n    eks: { name: prod-euw1 }',
        ),
      ),
      expected: [
        `${F}:23:5: clusters[3]: cluster 'prod-euw1' needs exactly one of 'eks' or 'kubeconfig' (it has both)`,
      ],
    },
    {
      name: 'reports a cluster with neither eks nor kubeconfig',
      files: repo(inFleet('    kubeconfig: { context: prod-euw1 }\n', '')),
      expected: [
        `${F}:23:5: clusters[3]: cluster 'prod-euw1' needs exactly one of 'eks' or 'kubeconfig' (it has neither)`,
      ],
    },
    {
      name: 'reports an EKS cluster without any region at its eks entry',
      // removes line 16 (region of dev-use1); eks moves up to line 16
      files: repo(
        inFleet('    region: us-east-1\n    eks: { name: dev-use1 }', '    eks: { name: dev-use1 }'),
      ),
      expected: [
        `${F}:16:10: clusters[1].eks: cluster 'dev-use1' needs a region for EKS: set 'region' on the cluster or 'eks.region'`,
      ],
    },
  ];
  itReports(cases);
});

describe('guard/fleet.yaml: services and file templates', () => {
  const cases: Case[] = [
    {
      name: 'reports an unknown provider with the provider it resembles',
      files: repo(inFleet('provider: helm', 'provider: helmm')),
      expected: [
        `${F}:35:15: services.promtail.provider: unknown provider 'helmm' (known: cert-manager, datadog-agent, external-dns, helm, ingress-nginx, istio, promtail); did you mean 'helm'?`,
      ],
    },
    {
      name: 'reports an unknown provider that resembles none, listing the known ones',
      files: repo(inFleet('provider: helm', 'provider: kustomize')),
      expected: [
        `${F}:35:15: services.promtail.provider: unknown provider 'kustomize' (known: cert-manager, datadog-agent, external-dns, helm, ingress-nginx, istio, promtail)`,
      ],
    },
    {
      name: 'reports a helm service without chart at the service',
      // removes line 36 (chart: promtail)
      files: repo(inFleet('    chart: promtail\n', '')),
      expected: [
        `${F}:35:5: services.promtail.chart: the helm provider needs 'chart': the name of the chart whose version GUARD bumps`,
      ],
    },
    {
      name: 'reports an istio service that names a chart',
      // adds line 33 (chart: istiod)
      files: repo(inFleet('    provider: istio\n', '    provider: istio\n    chart: istiod\n')),
      expected: [
        `${F}:33:12: services.istio.chart: the istio provider bumps base, istiod, gateway, cni and ztunnel itself; remove 'chart'`,
      ],
    },
    {
      name: "reports a file template that climbs out of the repository with '..'",
      files: repo(inFleet('files: ["clusters/{cluster}/logging/promtail.yaml"]', 'files: ["../x"]')),
      expected: [
        `${F}:39:13: services.promtail.files[0]: file template '../x' must stay inside the repository (no '..')`,
      ],
    },
    {
      name: 'reports an absolute file template',
      files: repo(inFleet('files: ["clusters/{cluster}/logging/promtail.yaml"]', 'files: ["/etc"]')),
      expected: [
        `${F}:39:13: services.promtail.files[0]: file template '/etc' must be a path relative to the repository root`,
      ],
    },
    {
      name: 'reports an unknown placeholder in a file template, listing the placeholders there are',
      files: repo(
        inFleet(
          'files: ["clusters/{cluster}/logging/promtail.yaml"]',
          'files: ["clusters/{clustr}/logging/promtail.yaml"]',
        ),
      ),
      expected: [
        `${F}:39:13: services.promtail.files[0]: file template 'clusters/{clustr}/logging/promtail.yaml' has an unknown placeholder {clustr} (allowed: {cluster}, {environment}, {region}, {batch})`,
      ],
    },
  ];
  itReports(cases);
});

describe('guard/fleet.yaml: the file itself', () => {
  const cases: Case[] = [
    {
      name: 'reports a missing guard/fleet.yaml',
      files: repo(without(FLEET)),
      expected: [`${F}:1:1: not found: GUARD needs the fleet registry here (see DESIGN section 1)`],
    },
    {
      name: 'reports an empty guard/fleet.yaml',
      files: repo(withFile(FLEET, '')),
      expected: [`${F}:1:1: must hold exactly one YAML document (found 0)`],
    },
    {
      name: 'reports a second document in guard/fleet.yaml where it starts',
      // the base fleet is lines 1-39; the '---' of the second document is line 40
      files: repo(fleetPlus('---\nkind: Fleet\n')),
      expected: [`${F}:40:1: must hold exactly one YAML document (found 2)`],
    },
  ];
  itReports(cases);
});
