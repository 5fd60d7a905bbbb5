/**
 * `guard validate` on bad input, end to end: every error of a file in one run, exit codes
 * (0 valid, 1 invalid, 2 usage), and never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoStackTrace } from './bad-input-expect.ts';
import {
  type Files,
  FLEET,
  promtailFile,
  REQUEST,
  removeRepo,
  repo,
  runCli,
  withFile,
  without,
  writeRepo,
} from './bad-input-helpers.ts';

const MAIN = join(import.meta.dirname, '../..');
const FIXTURES = join(MAIN, 'test/fixtures/bad-input/many-mistakes');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The base repo with the seven-mistake fleet and no request. */
const badFleetRepo = () => repo(withFile(FLEET, fixture('fleet.yaml')), without(REQUEST));
/** The base repo with the seven-mistake request (the fleet is valid). */
const badRequestRepo = () => repo(withFile(REQUEST, fixture('upgrade.yaml')));

const FLEET_ERRORS = [
  `${FLEET}:2:13: apiVersion: must be 'guard/v1' (got 'guard/v2')`,
  `${FLEET}:9:10: clusters[0].eks: cluster 'test-use1' needs a region for EKS: set 'region' on the cluster or 'eks.region'`,
  `${FLEET}:15:11: clusters[2].name: cluster name 'dev-use1' is already used by clusters[1]`,
  `${FLEET}:16:12: clusters[2].batch: batch 'prd' is not in fleet batches: test, dev, prod (did you mean 'prod'?)`,
  `${FLEET}:21:60: windows[0].timezone: must be an IANA time zone such as "Europe/Berlin" or "UTC" (got 'Europe/Berln')`,
  `${FLEET}:27:15: services.promtail.provider: unknown provider 'helmm' (known: cert-manager, datadog-agent, external-dns, helm, ingress-nginx, istio, promtail); did you mean 'helm'?`,
  `${FLEET}:29:5: services.promtail: unknown key 'namspace' (did you mean 'namespace'?)`,
];

const REQUEST_ERRORS = [
  `${REQUEST}:5:10: version: must be a string (got number 1.21); quote it: "1.21"`,
  `${REQUEST}:8:11: waves[0].soak: must be at least 1m (got '30s')`,
  `${REQUEST}:10:12: waves[2].batch: batch 'prod' is already wave 2`,
  `${REQUEST}:11:48: soak.failAfter: must be a number (got '3')`,
  `${REQUEST}:12:19: rollback.mode: must be one of: automatic, manual (got 'sometimes')`,
  `${REQUEST}:13:11: strategy: strategy 'canary' is not one of the istio provider's: in-place, revision`,
  `${REQUEST}:14:1: unknown key 'allowDowngrades' (did you mean 'allowDowngrade'?)`,
];

const roots: string[] = [];
/** A temporary repo on disk holding `files`, removed after the test. */
function onDisk(files: Files): string {
  const root = writeRepo(files);
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) removeRepo(root);
});

describe('guard validate reports every error of a file in one run', () => {
  it('prints all seven mistakes of a fleet file, one line each, and exits 1', async () => {
    const root = onDisk(badFleetRepo());
    const run = await runCli(['validate', '--repo', root], root);
    expectNoStackTrace(run);
    expect(run.out.split('\n').filter(Boolean)).toEqual(FLEET_ERRORS);
    expect(run.err).toBe('7 errors\n');
    expect(run.code).toBe(1);
  });

  it('prints all seven mistakes of a request file, one line each, and exits 1', async () => {
    const root = onDisk(badRequestRepo());
    const run = await runCli(['validate', '--repo', root], root);
    expectNoStackTrace(run);
    expect(run.out.split('\n').filter(Boolean)).toEqual(REQUEST_ERRORS);
    expect(run.err).toBe('7 errors\n');
    expect(run.code).toBe(1);
  });

  it('resolves --repo against the working directory', async () => {
    const root = onDisk(badRequestRepo());
    const run = await runCli(['validate', '--repo', '.'], root);
    expect(run.out.split('\n').filter(Boolean)).toEqual(REQUEST_ERRORS);
    expect(run.code).toBe(1);
  });

  it('lists the same errors, with file, line, col and field, under --format json', async () => {
    const root = onDisk(badFleetRepo());
    const run = await runCli(['validate', '--repo', root, '--format', 'json'], root);
    expectNoStackTrace(run);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as {
      valid: boolean;
      errors: { file: string; line: number; col: number; field?: string; message: string }[];
    };
    expect(report.valid).toBe(false);
    expect(report.errors).toHaveLength(7);
    expect(report.errors[0]).toEqual({
      file: FLEET,
      line: 2,
      col: 13,
      field: 'apiVersion',
      message: "must be 'guard/v1' (got 'guard/v2')",
      severity: 'error',
    });
  });

  it('reports a cluster file that is not UTF-8 text', async () => {
    const root = onDisk(repo());
    writeFileSync(join(root, promtailFile('dev-use1')), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]));
    const run = await runCli(['validate', '--repo', root], root);
    expectNoStackTrace(run);
    expect(run.out).toBe(`${promtailFile('dev-use1')}:1:1: cannot be read as text\n`);
    expect(run.code).toBe(1);
  });
});

describe('guard validate on valid input', () => {
  it('exits 0 on the valid base repo, printing only the summary', async () => {
    const root = onDisk(repo());
    const run = await runCli(['validate', '--repo', root], root);
    expect(run).toEqual({
      code: 0,
      out: '',
      err: 'valid: istio 1.20.0 in 3 waves; promtail 6.16.0 in 3 waves\n',
    });
  });

  it('exits 0 on the example fleet repository', async () => {
    const run = await runCli(['validate', '--repo', 'examples/fleet'], MAIN);
    expectNoStackTrace(run);
    expect(run.out).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('guard usage errors exit 2', () => {
  const cases: { name: string; argv: string[]; first: string | RegExp }[] = [
    {
      name: 'an output format other than text or json',
      argv: ['validate', '--format', 'xml'],
      first: "guard validate: --format must be text or json (got 'xml')",
    },
    { name: 'an unknown flag', argv: ['validate', '--frmat', 'text'], first: /^guard validate: .*'--frmat'/ },
    { name: 'a flag without its value', argv: ['validate', '--repo'], first: /^guard validate: .*--repo/ },
    {
      name: 'a stray positional argument',
      argv: ['validate', 'examples/fleet'],
      first: /^guard validate: .*'examples\/fleet'/,
    },
    { name: 'an unknown command', argv: ['validat'], first: "guard: unknown command 'validat'" },
    { name: 'no command at all', argv: [], first: 'usage:' },
    {
      name: 'a wave number that is not a number',
      argv: ['plan', '--apply-wave', 'x'],
      first: "guard plan: --apply-wave takes a wave number from 1 (got 'x')",
    },
  ];
  it.each(cases)('rejects $name with exit 2 and the usage text', async ({ argv, first }) => {
    const run = await runCli(argv, MAIN);
    expectNoStackTrace(run);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    const firstLine = run.err.split('\n')[0]!;
    if (typeof first === 'string') expect(firstLine).toBe(first);
    else expect(firstLine).toMatch(first);
    expect(run.err).toContain('guard validate [--repo DIR] [--format text|json]');
  });
});

describe('the guard binary', () => {
  const guard = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [join(MAIN, 'bin/guard.js'), ...args], { cwd, encoding: 'utf8' });

  it('exits 1 on an invalid repo and prints every error without a stack trace', () => {
    const root = onDisk(badRequestRepo());
    const run = guard(['validate', '--repo', root], root);
    expectNoStackTrace({ code: run.status ?? -1, out: run.stdout, err: run.stderr });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(REQUEST_ERRORS);
    expect(run.status).toBe(1);
  });

  it('exits 2 on a usage error without a stack trace', () => {
    const run = guard(['validate', '--format', 'xml'], MAIN);
    expectNoStackTrace({ code: run.status ?? -1, out: run.stdout, err: run.stderr });
    expect(run.status).toBe(2);
  });
});
