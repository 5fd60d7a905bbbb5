/**
 * A small valid fleet repository, built in memory, and the means to break it one thing at a time.
 *
 * Every bad-input case starts from `baseFiles()` (3 batches, 4 clusters, services istio and
 * promtail, one request document per service) and applies one or two changes to it, so the case
 * reads as "the base repo, except …". The line numbers quoted in the cases refer to the texts below.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import { formatDiagnostic } from '../../src/diagnostics.ts';
import { planRepo } from '../../src/planner/plan-repo.ts';
import { snapshotOf } from '../../src/repo/repo-snapshot.ts';
import { runCli as runCliIn } from '../handlers/cli/run-cli.ts';

export const FLEET = 'guard/fleet.yaml';
export const REQUEST = 'guard/upgrade.yaml';

/** guard/fleet.yaml of the base repo; each line's number is in the comment at its right. */
export const BASE_FLEET = [
  'apiVersion: guard/v1', //                                                                         1
  'kind: Fleet', //                                                                                  2
  'batches: [test, dev, prod]', //                                                                   3
  'metrics:', //                                                                                     4
  '  provider: datadog', //                                                                          5
  '  clusterTag: kube_cluster_name', //                                                              6
  'clusters:', //                                                                                    7
  '  - name: test-use1', //                                                                          8
  '    batch: test', //                                                                              9
  '    environment: test', //                                                                        10
  '    region: us-east-1', //                                                                        11
  '    eks: { name: test-use1, roleArn: "arn:aws:iam::111111111111:role/guard" }', //                12
  '  - name: dev-use1', //                                                                           13
  '    batch: dev', //                                                                               14
  '    environment: dev', //                                                                         15
  '    region: us-east-1', //                                                                        16
  '    eks: { name: dev-use1 }', //                                                                  17
  '  - name: prod-use1', //                                                                          18
  '    batch: prod', //                                                                              19
  '    environment: prod', //                                                                        20
  '    region: us-east-1', //                                                                        21
  '    eks: { name: prod-use1 }', //                                                                 22
  '  - name: prod-euw1', //                                                                          23
  '    batch: prod', //                                                                              24
  '    environment: prod', //                                                                        25
  '    region: eu-west-1', //                                                                        26
  '    kubeconfig: { context: prod-euw1 }', //                                                       27
  'windows:', //                                                                                     28
  '  - { days: [mon, tue, wed, thu], start: "09:00", end: "16:00", timezone: Europe/Berlin }', //    29
  'services:', //                                                                                    30
  '  istio:', //                                                                                     31
  '    provider: istio', //                                                                          32
  '    files: ["clusters/{cluster}/istio/*.yaml"]', //                                               33
  '  promtail:', //                                                                                  34
  '    provider: helm', //                                                                           35
  '    chart: promtail', //                                                                          36
  '    namespace: logging', //                                                                       37
  '    workloads: [daemonset/promtail]', //                                                          38
  '    files: ["clusters/{cluster}/logging/promtail.yaml"]', //                                      39
  '',
].join('\n');

/** guard/upgrade.yaml of the base repo: istio 1.19.5 → 1.20.0 and promtail 6.15.3 → 6.16.0. */
export const BASE_REQUEST = [
  'apiVersion: guard/v1', //                                  1
  'kind: UpgradeRequest', //                                  2
  'service: istio', //                                        3
  'version: 1.20.0', //                                       4
  'waves:', //                                                5
  '  - batch: test', //                                       6
  '    soak: 30m', //                                         7
  '  - batch: dev', //                                        8
  '  - batch: prod', //                                       9
  'soak: { duration: 1h, interval: 1m, failAfter: 3 }', //    10
  'rollback: automatic', //                                   11
  '---', //                                                   12
  'apiVersion: guard/v1', //                                  13
  'kind: UpgradeRequest', //                                  14
  'service: promtail', //                                     15
  'version: 6.16.0', //                                       16
  'rollback: { mode: manual, autoMerge: false }', //          17
  '',
].join('\n');

/** A Flux HelmRelease; its `version:` value is on line 10, column 16 of its document. */
export function helmRelease(name: string, namespace: string, chart: string, version: string): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2', //   1
    'kind: HelmRelease', //                       2
    'metadata:', //                               3
    `  name: ${name}`, //                         4
    `  namespace: ${namespace}`, //               5
    'spec:', //                                   6
    '  chart:', //                                7
    '    spec:', //                               8
    `      chart: ${chart}`, //                   9
    `      version: ${version}`, //               10
    '',
  ].join('\n');
}

/** clusters/<c>/istio/istio.yaml: base (version at 10:16) and istiod (version at 21:16), both 1.19.5. */
export const BASE_ISTIO = `${helmRelease('istio-base', 'istio-system', 'base', '1.19.5')}---\n${helmRelease('istiod', 'istio-system', 'istiod', '1.19.5')}`;

/** clusters/<c>/logging/promtail.yaml: promtail "6.15.3" (version at 10:16). */
export const BASE_PROMTAIL = helmRelease('promtail', 'logging', 'promtail', '"6.15.3"');

export const CLUSTERS = ['test-use1', 'dev-use1', 'prod-use1', 'prod-euw1'] as const;

export const istioFile = (cluster: string) => `clusters/${cluster}/istio/istio.yaml`;
export const promtailFile = (cluster: string) => `clusters/${cluster}/logging/promtail.yaml`;

export type Files = Record<string, string>;
export type Change = (files: Files) => Files;

/** Every file of the valid base repo. */
export function baseFiles(): Files {
  const files: Files = { [FLEET]: BASE_FLEET, [REQUEST]: BASE_REQUEST };
  for (const c of CLUSTERS) {
    files[istioFile(c)] = BASE_ISTIO;
    files[promtailFile(c)] = BASE_PROMTAIL;
  }
  return files;
}

/** The base repo with `changes` applied in order. */
export function repo(...changes: Change[]): Files {
  return changes.reduce((files, change) => change(files), baseFiles());
}

/** `text` with the one occurrence of `from` replaced; fails loudly if `from` is absent or repeated. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`test setup: '${from}' not found`);
  if (text.indexOf(from, at + 1) >= 0) throw new Error(`test setup: '${from}' occurs more than once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Replaces `from` with `to` in one file (the fleet, the request, or any manifest). */
export const inFile =
  (path: string, from: string, to: string): Change =>
  (files) => {
    const text = files[path];
    if (text === undefined) throw new Error(`test setup: no file ${path}`);
    return { ...files, [path]: edit(text, from, to) };
  };

export const inFleet = (from: string, to: string): Change => inFile(FLEET, from, to);
export const inRequest = (from: string, to: string): Change => inFile(REQUEST, from, to);

/** Sets (or replaces) a whole file. */
export const withFile =
  (path: string, text: string): Change =>
  (files) => ({ ...files, [path]: text });

/** Removes a file. */
export const without =
  (path: string): Change =>
  (files) => {
    const { [path]: _, ...rest } = files;
    return rest;
  };

/** Every diagnostic of planning `files`, formatted as `guard validate` prints them. */
export function diagnose(files: Files): string[] {
  const result = planRepo({
    repo: snapshotOf(files),
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
  });
  return result.diagnostics.map(formatDiagnostic);
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `guard <argv>` in-process with captured output, `cwd` set to `cwd`. */
export function runCli(argv: string[], cwd: string): Promise<CliRun> {
  return runCliIn(argv, cwd);
}

/** Writes `files` to a fresh temporary directory and returns it; remove it with `removeRepo`. */
export function writeRepo(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'guard-bad-input-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function removeRepo(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
