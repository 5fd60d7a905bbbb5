import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './guard-bin.ts';
import { runCli } from './run-cli.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/replay');
const file = (name: string) => join(FIXTURES, name);

describe('guard replay', () => {
  it('prints the fixed JSON shape for a passing case and exits 0', async () => {
    const result = await runCli(['replay', '--input', file('pass.json'), '--json']);

    expect(result.code).toBe(0);
    const output = JSON.parse(result.out);
    expect(output.verdict).toBe('pass');
    expect(Object.keys(output.clusters).sort()).toEqual(['prod-euw1', 'prod-use1']);
    expect(output.clusters['prod-use1']).toEqual({
      verdict: 'pass',
      failedAt: null,
      reason: expect.any(String),
    });
  });

  it('reports when and why a failing cluster failed, and exits 1', async () => {
    const result = await runCli(['replay', '--input', file('fail.json'), '--json']);

    expect(result.code).toBe(1);
    const output = JSON.parse(result.out);
    expect(output.verdict).toBe('fail');
    expect(output.clusters['prod-use1'].verdict).toBe('fail');
    expect(output.clusters['prod-use1'].failedAt).toMatch(/^2024-05-06T10:\d\d:00\.000Z$/);
    expect(output.clusters['prod-use1'].reason).toMatch(
      /^3 consecutive failing evaluations: error-ratio: higher/,
    );
    expect(output.clusters['prod-euw1'].verdict).toBe('pass');
  });

  it('ends a case without soak data inconclusive, not failed', async () => {
    const result = await runCli(['replay', '--input', file('no-data.json'), '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      verdict: 'inconclusive',
      clusters: {
        'prod-use1': {
          verdict: 'inconclusive',
          failedAt: null,
          reason: expect.stringMatching(/^insufficient evidence/),
        },
      },
    });
  });

  it('answers a multi-case file with an array under cases, in order', async () => {
    const result = await runCli(['replay', '--input', file('multi.json'), '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.out).cases.map((c: { verdict: string }) => c.verdict)).toEqual([
      'pass',
      'fail',
      'inconclusive',
    ]);
  });

  it('prints readable text by default', async () => {
    const result = await runCli(['replay', '--input', file('fail.json')]);

    expect(result.out.split('\n')[0]).toBe('fail');
    expect(result.out).toMatch(
      /^ {2}prod-use1: fail at 2024-05-06T10:\d\d:00\.000Z: 3 consecutive failing evaluations/m,
    );
  });

  it('explains every evaluation: per metric the figures, the test and the verdict, and the run of failures', async () => {
    const result = await runCli(['replay', '--input', file('fail.json'), '--explain']);

    expect(result.code).toBe(1);
    const lines = result.out.split('\n');
    const failed = lines.findIndex((l) => l.startsWith('  prod-use1: fail at'));
    const evaluations = lines.slice(failed + 1).filter((l) => /^ {4}\d{4}-/.test(l));
    // A 1h soak every minute: 60 evaluations, ending at the third failing one in a row.
    expect(evaluations).toHaveLength(30);
    expect(evaluations.slice(-3)).toEqual([
      '    2024-05-06T10:28Z fail (1 of 3 in a row)',
      '    2024-05-06T10:29Z fail (2 of 3 in a row)',
      '    2024-05-06T10:30Z fail (3 of 3 in a row)',
    ]);
    const last = lines.indexOf('    2024-05-06T10:30Z fail (3 of 3 in a row)');
    expect(lines[last + 1]).toMatch(
      /^ {6}error-ratio fail: baseline 1\.09% · 1\.29% \(60 pts\), current 2\.31% · 2\.67% \(4 pts\) \(\+111%\); count test p=<1e-16: higher than baseline beyond \+50% and 0\.25pp/,
    );
    expect(lines[last + 2]).toMatch(
      /^ {6}p95-latency pass: baseline 147\.6 · 156\.4 \(60 pts\), .*within \+10%$/,
    );
  });

  it('adds the evaluations under each cluster with --json --explain, the fixed fields unchanged', async () => {
    const plain = JSON.parse((await runCli(['replay', '--input', file('fail.json'), '--json'])).out);
    const result = await runCli(['replay', '--input', file('fail.json'), '--json', '--explain']);

    const output = JSON.parse(result.out);
    const cluster = output.clusters['prod-use1'];
    const { evaluations, ...fixed } = cluster;
    expect(fixed).toEqual(plain.clusters['prod-use1']);
    expect(evaluations.at(-1)).toMatchObject({
      at: cluster.failedAt,
      verdict: 'fail',
      failing: 3,
      metrics: [
        {
          metric: 'error-ratio',
          verdict: 'fail',
          test: 'count',
          baseline: { points: 60, median: expect.closeTo(0.0109, 3) },
          current: { points: 4, median: expect.closeTo(0.0232, 3) },
          limit: null,
        },
        { metric: 'p95-latency', verdict: 'pass' },
      ],
    });
    expect(
      output.clusters['prod-euw1'].evaluations.every((e: { verdict: string }) => e.verdict === 'pass'),
    ).toBe(true);
  });

  it('reports every mistake in a bad file as FILE: field: message and exits 2', async () => {
    const result = await runCli(['replay', '--input', 'bad.json'], FIXTURES);

    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.trimEnd().split('\n')).toEqual([
      'bad.json: soak.duration: must be a duration such as "30s", "30m", "2h" or "1h30m"',
      'bad.json: soak.failAfter: Too small: expected number to be >=1',
      'bad.json: mergeAt: must be an ISO time such as "2024-05-01T10:00:00Z"',
      'bad.json: metrics.0.kind: Invalid option: expected one of "rate"|"ratio"|"latency"|"count"|"gauge"',
      'bad.json: metrics.0.series.prod-use1.0.1: Invalid input: expected number, received string',
    ]);
  });

  it('says so when the file is missing or not JSON', async () => {
    const missing = await runCli(['replay', '--input', 'nope.json'], FIXTURES);
    const notJson = await runCli(['replay', '--input', join(import.meta.dirname, 'run-cli.ts')]);

    expect(missing).toMatchObject({ code: 2, err: 'nope.json: (root): no such file\n' });
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/run-cli\.ts: \(root\): .*JSON/);
  });

  it('needs --input, and lists itself in the usage', async () => {
    const result = await runCli(['replay']);

    expect(result.code).toBe(2);
    expect(result.err).toContain('guard replay: --input FILE is required');
    expect(result.err).toContain('guard replay --input FILE [--json] [--explain]');
  });
});

describe('bin/guard.js replay (the installed command)', () => {
  beforeAll(() => assertBuilt());

  it('runs as a process and prints the same JSON', () => {
    const out = execFileSync(
      process.execPath,
      [join(import.meta.dirname, '../../../bin/guard.js'), 'replay', '--input', file('pass.json'), '--json'],
      {
        encoding: 'utf8',
      },
    );

    expect(JSON.parse(out).verdict).toBe('pass');
  });
});
