import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, GUARD_BIN, ROOT } from './guard-bin.ts';
import { runCli } from './run-cli.ts';

const EXAMPLE = join(ROOT, 'examples/fleet');
const REPLAY = join(ROOT, 'test/fixtures/replay/pass.json');

/** The installed command, as a user runs it: plain Node on the compiled JavaScript. */
function guard(args: string[]) {
  const run = spawnSync(process.execPath, [GUARD_BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('the compiled guard command (bin/guard.js on dist/)', () => {
  beforeAll(() => assertBuilt());

  it.each([
    ['validate', ['validate', '--repo', EXAMPLE, '--format', 'json']],
    ['plan', ['plan', '--repo', EXAMPLE, '--json']],
    ['schema', ['schema']],
    ['replay', ['replay', '--input', REPLAY, '--json']],
  ])('%s answers exactly as the sources do', async (_name, args) => {
    const fromSources = await runCli(args, ROOT);

    const compiled = guard(args);

    expect(compiled.err).toBe(fromSources.err);
    expect(compiled.out).toBe(fromSources.out);
    expect(compiled.code).toBe(fromSources.code);
  });

  it('runs without a TypeScript loader: not one .ts module is loaded', () => {
    const compiled = modulesLoaded([GUARD_BIN, 'schema', 'fleet']);
    const fromSources = modulesLoaded([
      '--import',
      'tsx',
      join(ROOT, 'handlers/cli/bin.ts'),
      'schema',
      'fleet',
    ]);

    expect(compiled.out).toBe(fromSources.out);
    expect(fromSources.typescript.length).toBeGreaterThan(10); // the check sees .ts modules when there are
    expect(compiled.typescript).toEqual([]);
  });
});

/** Runs node with `args` and a resolve hook that reports every .ts module loaded. */
function modulesLoaded(args: string[]) {
  const hook =
    'export async function resolve(s, c, next) { const r = await next(s, c);' +
    " if (r.url.endsWith('.ts')) process.stderr.write('TS ' + r.url + '\\n'); return r; }";
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
  return { out: run.stdout, typescript: run.stderr.split('\n').filter((l) => l.startsWith('TS ')) };
}
