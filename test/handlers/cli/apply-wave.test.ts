import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWave } from '../../../handlers/cli/apply-wave.ts';
import { planCheckout } from '../../../handlers/cli/plan-checkout.ts';
import { runCli } from './run-cli.ts';

const FLEET = `apiVersion: guard/v1
kind: Fleet
batches: [test, prod]
clusters:
  - { name: t1, batch: test, environment: test, kubeconfig: { context: t1 } }
  - { name: p1, batch: prod, environment: prod, kubeconfig: { context: p1 } }
services:
  promtail: { provider: helm, chart: promtail, files: ["clusters/{cluster}/platform.yaml"] }
  loki: { provider: helm, chart: loki, files: ["clusters/{cluster}/platform.yaml"] }
`;

const release = (chart: string, version: string) =>
  `---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: ${chart} }\nspec:\n  chart:\n    spec:\n      chart: ${chart}\n      version: ${version}\n`;
const request = (service: string, version: string) =>
  `apiVersion: guard/v1\nkind: UpgradeRequest\nservice: ${service}\nversion: ${version}\n`;

const roots: string[] = [];
function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'guard-apply-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const platform = `${release('promtail', '6.15.3')}${release('loki', '5.0.0')}`;

/** A two-cluster checkout upgrading promtail, planned. */
function plannedPromtail() {
  const root = checkout({
    'guard/fleet.yaml': FLEET,
    'guard/upgrade.yaml': request('promtail', '6.16.0'),
    'clusters/t1/platform.yaml': platform,
    'clusters/p1/platform.yaml': platform,
  });
  return { root, result: planCheckout(root) };
}

describe('guard plan --apply-wave', () => {
  it('keeps a byte order mark at the start of the file it edits', async () => {
    const root = checkout({
      'guard/fleet.yaml': FLEET,
      'guard/upgrade.yaml': request('promtail', '6.16.0'),
      'clusters/t1/platform.yaml': `\uFEFF${platform}`,
      'clusters/p1/platform.yaml': platform,
    });

    const result = await runCli(['plan', '--repo', root, '--apply-wave', '1']);

    expect(result.code).toBe(0);
    expect(readFileSync(join(root, 'clusters/t1/platform.yaml'), 'utf8')).toBe(
      `\uFEFF${platform.replace('6.15.3', '6.16.0')}`,
    );
  });

  it('writes nothing when two requests change one file in the same wave', async () => {
    const root = checkout({
      'guard/fleet.yaml': FLEET,
      'guard/upgrade.yaml': `${request('promtail', '6.16.0')}---\n${request('loki', '5.1.0')}`,
      'clusters/t1/platform.yaml': platform,
      'clusters/p1/platform.yaml': platform,
    });

    const result = await runCli(['plan', '--repo', root, '--apply-wave', '1']);
    const narrowed = await runCli(['plan', '--repo', root, '--apply-wave', '1', '--service', 'loki']);

    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'clusters/t1/platform.yaml is changed by both the promtail and the loki request in wave 1; apply one with --service',
    );
    expect(narrowed.code).toBe(0);
    expect(readFileSync(join(root, 'clusters/t1/platform.yaml'), 'utf8')).toBe(
      platform.replace('5.0.0', '5.1.0'),
    );
  });

  it('writes nothing when a planned file holds other text by the time the wave is written', () => {
    const { root, result } = plannedPromtail();
    writeFileSync(join(root, 'clusters/t1/platform.yaml'), platform.replace('5.0.0', '5.0.1'));
    const err: string[] = [];

    const refused = applyWave(root, result.plans, 1, { out: () => {}, err: (t) => err.push(t), cwd: root });

    expect(refused).toBe('clusters/t1/platform.yaml: changed while planning; nothing written');
    expect(err).toEqual([]);
    expect(readFileSync(join(root, 'clusters/p1/platform.yaml'), 'utf8')).toBe(platform);
  });

  it('writes nothing, and says so, when a planned file is removed before the wave is written', () => {
    const { root, result } = plannedPromtail();
    rmSync(join(root, 'clusters/t1/platform.yaml'));

    const refused = applyWave(root, result.plans, 1, { out: () => {}, err: () => {}, cwd: root });

    expect(refused).toBe(
      'clusters/t1/platform.yaml: was removed (or is no longer a file) since planning; nothing written',
    );
    expect(existsSync(join(root, 'clusters/t1/platform.yaml'))).toBe(false);
    expect(readFileSync(join(root, 'clusters/p1/platform.yaml'), 'utf8')).toBe(platform);
  });

  it('writes the wave as planned when the files are as they were, reading each again', () => {
    const root = checkout({
      'guard/fleet.yaml': FLEET,
      'guard/upgrade.yaml': request('promtail', '6.16.0'),
      'clusters/t1/platform.yaml': `# t1\r\n${platform.replace(/\n/g, '\r\n')}`,
      'clusters/p1/platform.yaml': platform,
    });
    const result = planCheckout(root);
    const [edit] = result.plans[0]!.waves[0]!.edits;

    const refused = applyWave(root, result.plans, 1, { out: () => {}, err: () => {}, cwd: root });

    expect(refused).toBeUndefined();
    expect(edit!.before).toBe(`# t1\r\n${platform.replace(/\n/g, '\r\n')}`);
    expect(readFileSync(join(root, 'clusters/t1/platform.yaml'), 'utf8')).toBe(
      edit!.before.replace('version: 6.15.3', 'version: 6.16.0'),
    );
  });

  it('never reads or writes through a symbolic link that leaves the checkout', async () => {
    const outside = checkout({ 'platform.yaml': platform });
    const root = checkout({
      'guard/fleet.yaml': FLEET,
      'guard/upgrade.yaml': request('promtail', '6.16.0'),
      'clusters/p1/platform.yaml': platform,
    });
    symlinkSync(outside, join(root, 'clusters/t1'));

    const result = await runCli(['plan', '--repo', root, '--apply-wave', '1']);

    expect(result.code).toBe(1);
    expect(result.err).toContain("cluster 't1' has no file matching clusters/t1/platform.yaml");
    expect(readFileSync(join(outside, 'platform.yaml'), 'utf8')).toBe(platform);
  });
});
