import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const EXAMPLE = join(import.meta.dirname, '../../../examples/fleet');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('the example fleet', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guard-example-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'fleet');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('validates with no errors and no warnings', async () => {
    const result = await runCli(['validate', '--repo', dir]);

    expect(result.out).toBe('');
    expect(result.err).toBe('valid: istio 1.20.1 in 6 waves; promtail 6.16.0 in 6 waves\n');
    expect(result.code).toBe(0);
  });

  it('plans istio with the cluster already at 1.20.1 skipped and the Argo CD cluster in the last wave', async () => {
    const result = await runCli(['plan', '--repo', dir, '--service', 'istio']);

    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'istio → 1.20.1 (provider istio, strategy in-place): 6 waves, 13 clusters to upgrade, 1 already at 1.20.1',
    );
    expect(result.out).toContain('test-usw2  already at 1.20.1');
    expect(result.out).toMatch(/legacy-usw2 +1\.19\.5 → 1\.20\.1/);
  });

  it.each([1, 4, 6])(
    '--apply-wave %i changes only that wave’s files, and only their version lines',
    async (wave) => {
      const plan = JSON.parse((await runCli(['plan', '--repo', dir, '--json'])).out);
      const expected = plan.plans.flatMap(
        (p: { waves: { files: { path: string; changes: unknown[] }[] }[] }) => p.waves[wave - 1]!.files,
      );

      const result = await runCli(['plan', '--repo', dir, '--apply-wave', String(wave)]);

      expect(result.code).toBe(0);
      const numstat = git(dir, 'diff', '--numstat')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
      const changed = Object.fromEntries(numstat.map(([added, , path]) => [path, Number(added)]));
      const wanted = Object.fromEntries(
        expected.map((f: { path: string; changes: unknown[] }) => [f.path, f.changes.length]),
      );
      expect(changed).toEqual(wanted);
      const diff = git(dir, 'diff', '-U0').split('\n');
      const removed = diff.filter((l) => /^-[^-]/.test(l)).map((l) => l.slice(1));
      const added = diff.filter((l) => /^\+[^+]/.test(l)).map((l) => l.slice(1));
      expect(added).toEqual(removed.map((l) => l.replace('1.19.5', '1.20.1').replace('6.15.3', '6.16.0')));
      for (const line of removed) expect(line).toMatch(/(version|targetRevision|tag|newTag): /);
    },
  );

  it('keeps CRLF line endings in the file it edits', async () => {
    const path = join(dir, 'clusters/dev-euw1/istio/control-plane.yaml');
    const before = readFileSync(path, 'utf8');

    await runCli(['plan', '--repo', dir, '--apply-wave', '2', '--service', 'istio']);

    const after = readFileSync(path, 'utf8');
    expect(after).toBe(before.replaceAll('version: 1.19.5\r\n', 'version: 1.20.1\r\n'));
    expect(after.split('\r\n').length).toBe(before.split('\r\n').length);
  });
});
