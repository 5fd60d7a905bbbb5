// The reading thread runs only in the compiled code (dist/), so these tests load fsRepo from there
// and hold it to what the main thread reads alone, and to what the sources plan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepoSnapshot } from '../../../src/repo/repo-snapshot.ts';
import { generateFleet } from '../../bench/generate-fleet.ts';
import { assertBuilt, ROOT } from './guard-bin.ts';

type FsRepo = (root: string, options?: { prefetchFrom?: number; startEarly?: boolean }) => RepoSnapshot;
let compiledFsRepo: FsRepo;
let scratch: string;
let root: string;

beforeAll(async () => {
  assertBuilt();
  const url = pathToFileURL(join(ROOT, 'dist/handlers/cli/fs-repo.js')).href;
  compiledFsRepo = ((await import(url)) as { fsRepo: FsRepo }).fsRepo;
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'guard-prefetch-'));
  root = join(scratch, 'repo');
  mkdirSync(root);
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, content: string | Uint8Array): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** Everything a planner would ask for the patterns, in order: each folder's list, then its files. */
function answers(repo: RepoSnapshot, patterns: string[]): unknown[] {
  return patterns.flatMap((p) => {
    const dir = p.slice(0, p.lastIndexOf('/', p.search(/[*?]|$/)) + 1);
    const files = repo.list(dir);
    return [dir, files, ...files.map((f) => [f, repo.read(f)])];
  });
}

describe('fsRepo reading ahead on a second thread (compiled)', () => {
  it('answers every list and read exactly as the main thread alone does, awkward files included', () => {
    const patterns: string[] = [];
    for (let i = 0; i < 120; i += 1) {
      const c = `clusters/c${i}`;
      write(`${c}/istio/istio.yaml`, `kind: HelmRelease # ${i}\n`);
      if (i % 3 === 0) write(`${c}/istio/gateway.yaml`, `kind: HelmRelease\r\nname: g${i}\r\n`);
      if (i % 7 === 0) write(`${c}/istio/nested/deep.yaml`, 'a: b\n');
      if (i % 11 === 0) write(`${c}/istio/latin1.yaml`, new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
      if (i % 13 === 0) write(`${c}/istio/zurich.yaml`, '\uFEFFsite: Zürich\n');
      if (i % 17 === 0) write(`${c}/istio/.git/config`, 'x');
      patterns.push(`${c}/istio/*.yaml`);
    }
    mkdirSync(join(scratch, 'outside/istio'), { recursive: true });
    writeFileSync(join(scratch, 'outside/istio/secret.yaml'), 'secret: 1\n');
    symlinkSync(join(scratch, 'outside'), join(root, 'clusters/c200'), 'dir');
    symlinkSync(join(scratch, 'outside/istio'), join(root, 'clusters/c5/istio/linked'), 'dir');
    symlinkSync(join(scratch, 'outside/istio/secret.yaml'), join(root, 'clusters/c6/istio/link.yaml'));
    execFileSync('mkfifo', [join(root, 'clusters/c8/istio/pipe.yaml')]);
    mkdirSync(join(root, 'clusters/c9/empty/istio'), { recursive: true });
    patterns.push(
      'clusters/c200/istio/*.yaml',
      'clusters/missing/istio/*.yaml',
      'clusters/c1/istio/istio.yaml',
    );
    patterns.push('clusters/c2/**/*.yaml', 'clusters/c3/istio/*.yaml');

    const alone = answers(compiledFsRepo(root), patterns);
    const ahead = compiledFsRepo(root, { prefetchFrom: 1 });
    ahead.prefetch!(patterns);

    expect(answers(ahead, patterns)).toEqual(alone);
    expect(alone).toContainEqual(['clusters/c8/istio/istio.yaml', 'kind: HelmRelease # 8\n']);
    expect(JSON.stringify(alone)).not.toContain('secret');
  });

  it('answers folders it was not asked to read ahead, and reads after a second hint replaced the first', () => {
    for (let i = 0; i < 40; i += 1) write(`clusters/c${i}/istio/istio.yaml`, `n: ${i}\n`);
    write('guard/fleet.yaml', 'fleet\n');
    const repo = compiledFsRepo(root, { prefetchFrom: 1 });
    const all = Array.from({ length: 40 }, (_, i) => `clusters/c${i}/istio/*.yaml`);

    repo.prefetch!(all);
    expect(repo.read('guard/fleet.yaml')).toBe('fleet\n');
    expect(repo.list('clusters/c0/istio/')).toEqual(['clusters/c0/istio/istio.yaml']);
    repo.prefetch!(all.slice(20));

    expect(repo.list('clusters/c3/istio/')).toEqual(['clusters/c3/istio/istio.yaml']);
    expect(repo.read('clusters/c3/istio/istio.yaml')).toBe('n: 3\n');
    expect(repo.read('clusters/c39/istio/istio.yaml')).toBe('n: 39\n');
    expect(repo.list('clusters/')).toHaveLength(40);
  });

  it('plans a fleet large enough for the thread exactly as the sources plan it', async () => {
    generateFleet(root, 300, 'realistic');
    const plan = async (modulePath: string) => {
      const mod = (await import(modulePath)) as {
        planCheckout: (root: string, o: { service: string }) => unknown;
      };
      return JSON.stringify(mod.planCheckout(root, { service: 'istio' }));
    };
    const compiled = await plan(pathToFileURL(join(ROOT, 'dist/handlers/cli/plan-checkout.js')).href);
    const fromSources = await plan('../../../handlers/cli/plan-checkout.ts');

    expect(compiled).toBe(fromSources);
    expect(compiled).toContain('"after"');
  });
});
