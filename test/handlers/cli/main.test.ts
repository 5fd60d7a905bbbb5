import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './guard-bin.ts';
import { runCli } from './run-cli.ts';

const ROOT = join(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/fleet');
const scratch = mkdtempSync(join(tmpdir(), 'guard-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('guard CLI', () => {
  describe('usage errors', () => {
    it.each([
      [['validate', '--format', 'xml'], "guard validate: --format must be text or json (got 'xml')"],
      [['validate', '--verbose'], "guard validate: Unknown option '--verbose'"],
      [['plan', '--apply-wave', '0'], "guard plan: --apply-wave takes a wave number from 1 (got '0')"],
      [
        ['plan', '--repo', EXAMPLE, '--apply-wave', '7'],
        'guard plan: the istio request has 6 waves; there is no wave 7',
      ],
      [['schema', 'cluster'], "guard schema: unknown schema 'cluster' (known: fleet, upgrade)"],
      [['deploy'], "guard: unknown command 'deploy'"],
    ])('%j exits 2 with a message and the usage', async (argv, message) => {
      const result = await runCli(argv);

      expect(result.code).toBe(2);
      expect(result.err.split('\n')[0]).toContain(message);
      expect(result.err).toContain('usage:');
    });

    it('exits 2 and prints the usage with no command', async () => {
      const result = await runCli([]);

      expect(result.code).toBe(2);
      expect(result.err).toContain('guard plan [--repo DIR] [--json] [--service S] [--apply-wave N]');
    });
  });

  describe('validate', () => {
    it('prints one file:line:col line per error and exits 1', async () => {
      const repo = join(scratch, 'bad');
      execFileSync('cp', ['-r', EXAMPLE, repo]);
      const request = join(repo, 'guard/upgrade.yaml');
      writeFileSync(
        request,
        readFileSync(request, 'utf8')
          .replace('batch: staging', 'batch: stagin')
          .replace('version: 6.16.0', 'version: 6.16'),
      );

      const result = await runCli(['validate', '--repo', repo]);

      expect(result.code).toBe(1);
      expect(result.out.trim().split('\n')).toEqual([
        "guard/upgrade.yaml:13:12: waves[3].batch: batch 'stagin' is not in fleet batches: test, dev-wave-1, dev-wave-2, staging, prod-wave-1, prod-wave-2 (did you mean 'staging'?)",
        'guard/upgrade.yaml:25:10: version: must be a string (got number 6.16); quote it: "6.16"',
      ]);
      expect(result.err).toBe('2 errors\n');
    });

    it('prints the same errors as JSON with --format json', async () => {
      const result = await runCli(['validate', '--repo', join(scratch, 'bad'), '--format', 'json']);

      const report = JSON.parse(result.out);
      expect(result.code).toBe(1);
      expect(report.valid).toBe(false);
      expect(report.errors[0]).toEqual({
        file: 'guard/upgrade.yaml',
        line: 13,
        col: 12,
        field: 'waves[3].batch',
        message:
          "batch 'stagin' is not in fleet batches: test, dev-wave-1, dev-wave-2, staging, prod-wave-1, prod-wave-2 (did you mean 'staging'?)",
        severity: 'error',
      });
    });
  });

  describe('plan --json', () => {
    it('lists waves with clusters and files for each request', async () => {
      const result = await runCli(['plan', '--repo', EXAMPLE, '--json', '--service', 'promtail']);

      const report = JSON.parse(result.out);
      expect(result.code).toBe(0);
      expect(report.plans).toHaveLength(1);
      expect(report.plans[0].waves.map((w: { batch: string }) => w.batch)).toEqual([
        'test',
        'dev-wave-1',
        'dev-wave-2',
        'staging',
        'prod-wave-1',
        'prod-wave-2',
      ]);
      expect(report.plans[0].waves[0].files[0]).toMatchObject({
        path: 'clusters/test-use1/logging/promtail.yaml',
        changes: [{ from: '6.15.3', to: '6.16.0' }],
      });
    });
  });

  describe('schema', () => {
    it('prints both JSON Schemas, which reject unknown keys', async () => {
      const result = await runCli(['schema']);

      const schemas = JSON.parse(result.out);
      expect(Object.keys(schemas)).toEqual(['fleet', 'upgrade']);
      expect(schemas.fleet.additionalProperties).toBe(false);
      expect(schemas.upgrade.properties.rollback.default).toBe('automatic');
    });

    it('--check fails on a stale file and passes once --write has refreshed it', async () => {
      const dir = mkdtempSync(join(scratch, 'schemas-'));
      writeFileSync(join(dir, 'fleet.schema.json'), '{}\n');

      const stale = await runCli(['schema', '--check', dir]);
      await runCli(['schema', '--write', dir]);
      const fresh = await runCli(['schema', '--check', dir]);

      expect(stale.code).toBe(1);
      expect(stale.err).toContain('fleet.schema.json is stale; run `npm run schemas:write` and commit it');
      expect(fresh.code).toBe(0);
    });

    it('matches the committed schemas in config/schemas', async () => {
      expect((await runCli(['schema', '--check', join(ROOT, 'config/schemas')])).code).toBe(0);
    });
  });

  describe('the guard bin', () => {
    beforeAll(() => assertBuilt());

    it('runs from package.json bin and exits with the command status', () => {
      const ok = spawnSync(process.execPath, [join(ROOT, 'bin/guard.js'), 'validate', '--repo', EXAMPLE], {
        encoding: 'utf8',
      });
      const usage = spawnSync(process.execPath, [join(ROOT, 'bin/guard.js'), 'plan', '--nope'], {
        encoding: 'utf8',
      });

      expect(ok.status).toBe(0);
      expect(usage.status).toBe(2);
      expect(usage.stderr).not.toMatch(/\n\s+at /);
    });
  });
});

describe('guard CLI argument checks', () => {
  it('treats a --repo that is not a folder as a usage error', async () => {
    const result = await runCli(['validate', '--repo', join(scratch, 'no-such-folder')]);

    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toContain('no such folder');
  });

  it('refuses --write and --check together', async () => {
    const result = await runCli(['schema', '--write', scratch, '--check', scratch]);

    expect(result.code).toBe(2);
    expect(result.err.split('\n')[0]).toBe('guard schema: use --write or --check, not both');
  });
});
