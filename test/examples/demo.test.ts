import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFleetFiles } from '../../examples/demo/demo-repo.ts';
import { type DemoResult, LABEL, playDemo } from '../../examples/demo/play-demo.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RELEASE = 'HelmRelease/logging/promtail';
const STAGING = ['stg-use1', 'stg-euw1'];

describe('npm run demo', () => {
  let output: string[];
  let text: string;
  let result: DemoResult;

  beforeAll(async () => {
    output = [];
    result = await playDemo({ print: (line) => output.push(line), wallClock: () => 0 });
    text = output.join('\n');
  });

  it('is labelled a simulation on its first and last line', () => {
    expect(output[0]).toBe(LABEL);
    expect(output.at(-1)).toBe(LABEL);
    expect(LABEL).toContain('SIMULATION');
  });

  it('validates the example fleet and the committed request on the pushed commit', () => {
    const request = result.world.fake.checks().filter((c) => c.name === 'guard/request');

    expect(request.map((c) => c.state)).toEqual(['success']);
    expect(text).toContain('committed guard/upgrade.yaml to main');
    expect(text).toContain('check guard/request on');
  });

  it('opens one wave MR per batch, in order, each merged after its prechecks passed', () => {
    const waves = result.world.fake.mergeRequests().filter((m) => m.labels.includes('guard/wave'));

    expect(waves.map((m) => m.title)).toEqual([
      'guard: promtail 6.16.0 → test (wave 1/3)',
      'guard: promtail 6.16.0 → dev-wave-1 (wave 2/3)',
      'guard: promtail 6.16.0 → staging (wave 3/3)',
    ]);
    expect(waves.every((m) => m.state === 'merged')).toBe(true);
    for (const mr of waves) {
      expect(result.world.fake.check(mr.headSha, 'guard/precheck')?.state).toBe('success');
    }
  });

  it('opens exactly one rollback MR, for the regressed wave, listing the versions it restores', () => {
    const rollbacks = result.world.fake.mergeRequests().filter((m) => m.labels.includes('guard/rollback'));

    expect(rollbacks).toHaveLength(1);
    const [rollback] = rollbacks;
    expect(rollback?.branch).toBe('guard/rollback/promtail/6.16.0/staging');
    const body = result.world.fake.mrBody(rollback!.number)!;
    for (const cluster of STAGING)
      expect(body).toMatch(new RegExp(`\\| ${cluster} \\|.*6\\.16\\.0 → 6\\.15\\.3`));
    expect(body).toContain('soak failed on cluster stg-euw1');
  });

  it('restores the staging files byte for byte and leaves the clusters back on their previous version', () => {
    const onDisk = readFleetFiles();
    const fake = result.world.fake;

    for (const cluster of STAGING) {
      const path = `clusters/${cluster}/logging/promtail.yaml`;
      expect(fake.file('main', path)).toBe(onDisk[path]);
      expect(result.world.clusters.spec.clusters[cluster]?.releases?.[RELEASE]?.version).toBe('6.15.3');
    }
    expect(result.world.clusters.spec.clusters['dev-euw1']?.releases?.[RELEASE]?.version).toBe('6.16.0');
    expect(result.state?.phase).toBe('rolled-back');
    expect(result.state?.waves.map((w) => w.phase)).toEqual(['passed', 'passed', 'rolled-back']);
  });

  it('prints the soak failure evidence the real judge found on the regressed cluster', () => {
    const soak = result.world.fake.checks().filter((c) => c.name === 'guard/soak');

    expect(soak.map((c) => c.state)).toEqual(['success', 'success', 'failure']);
    expect(text).toMatch(/check guard\/soak on \w{7}: FAILURE — soak failed on cluster stg-euw1/);
    expect(text).toMatch(/\| stg-euw1 \| ❌ fail \| dropped-entries: higher than baseline/);
    expect(text).toContain('**GUARD: wave 3/3 (staging) failed.**');
    expect(text).not.toMatch(/\| stg-use1 \| ❌ fail/);
  });

  it('prints every MR body, every comment GUARD wrote and every check it set', () => {
    const fake = result.world.fake;
    const mrs = fake.mergeRequests();
    const threads = [
      ...mrs.map((m) => ({ kind: 'mr' as const, number: m.number })),
      ...fake.issues().map((i) => ({ kind: 'issue' as const, number: i.number })),
    ];

    for (const mr of mrs) expect(text).toContain(`${mr.title}\n`);
    for (const mr of mrs) expect(text).toContain(fake.mrBody(mr.number)!.trimEnd());
    const comments = threads.flatMap((on) => fake.comments(on));
    expect(comments.length).toBeGreaterThanOrEqual(5);
    for (const c of comments) expect(text).toContain(c.body.trimEnd());
    for (const c of fake.checks()) {
      expect(text).toContain(
        `check ${c.name} on ${c.sha.slice(0, 7)}: ${c.state.toUpperCase()} — ${c.title}`,
      );
    }
  });

  it('answers the one /guard status on the dashboard and prints the closed dashboard at the end', () => {
    const [dashboard] = result.world.fake.issues();
    const replies = result.world.fake
      .comments({ kind: 'issue', number: dashboard!.number })
      .filter((c) => c.author === 'guard[bot]');

    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain('rollout **failed**');
    expect(dashboard?.open).toBe(false);
    expect(text.indexOf(dashboard!.body)).toBeGreaterThan(text.indexOf('The dashboard issue at the end'));
    expect(text).toContain('Engine log: ');
    expect(result.world.logs.filter((r) => r.level === 'error')).toEqual([]);
  });

  it('finishes the story in simulated minutes, not hours, and says so', () => {
    expect(result.minutes).toBeGreaterThan(20);
    expect(result.minutes).toBeLessThan(60);
    expect(output.at(-2)).toBe(`Simulated ${result.minutes} minutes in 0.0 s of wall time.`);
  });
});

describe('npm run demo › when the story goes off script', () => {
  it('still prints the timeline with the reason between the labels, then rejects', async () => {
    const output: string[] = [];
    const files = { ...readFleetFiles(), 'guard/fleet.yaml': 'apiVersion: guard/v1\nkind: Fleet\n' };

    const run = playDemo({ print: (line) => output.push(line), wallClock: () => 0, files });

    await expect(run).rejects.toThrow('the test wave MR did not open with passing prechecks');
    expect(output[0]).toBe(LABEL);
    expect(output.at(-1)).toBe(LABEL);
    expect(output.join('\n')).toMatch(/check guard\/request on \w{7}: FAILURE/);
    expect(output).toContain(
      'The demo stopped early: the test wave MR did not open with passing prechecks; see the timeline',
    );
  });
});

describe('examples/demo/run-demo.ts', () => {
  it('runs as a script with no credentials and exits 0, printing the simulation label first', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'examples/demo/run-demo.ts'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } },
    );

    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(LABEL);
    expect(lines.at(-1)).toBe(LABEL);
    expect(lines.at(-2)).toMatch(/^Simulated \d+ minutes in [\d.]+ s of wall time\.$/);
  });
});
