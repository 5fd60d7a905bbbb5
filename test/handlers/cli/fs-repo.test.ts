import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangedWhileReading, fsRepo } from '../../../handlers/cli/fs-repo.ts';

let scratch: string;
let root: string;
let outside: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'guard-fs-repo-'));
  root = join(scratch, 'repo');
  outside = join(scratch, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function write(base: string, path: string, content: string | Uint8Array): string {
  const full = join(base, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

describe('fsRepo list', () => {
  it('lists every file below the root at any depth, sorted, with "/" separators', () => {
    write(root, 'guard/fleet.yaml', 'a');
    write(root, 'clusters/t1/istio/base.yaml', 'b');
    write(root, 'clusters/t1/promtail.yaml', 'c');
    write(root, 'README.md', 'd');
    write(root, 'clusters/a0/x.yaml', 'e');

    const files = fsRepo(root).list('');

    expect(files).toEqual([
      'README.md',
      'clusters/a0/x.yaml',
      'clusters/t1/istio/base.yaml',
      'clusters/t1/promtail.yaml',
      'guard/fleet.yaml',
    ]);
  });

  it('lists only the files below the folder asked for, as repository paths', () => {
    write(root, 'clusters/t1/istio/base.yaml', 'a');
    write(root, 'clusters/t1/promtail.yaml', 'b');
    write(root, 'clusters/t10/promtail.yaml', 'c');
    write(root, 'guard/fleet.yaml', 'd');

    const files = fsRepo(root).list('clusters/t1/');

    expect(files).toEqual(['clusters/t1/istio/base.yaml', 'clusters/t1/promtail.yaml']);
  });

  it('skips .git, node_modules and .guard folders wherever they are', () => {
    write(root, 'clusters/t1/promtail.yaml', 'a');
    write(root, '.git/HEAD', 'ref: refs/heads/main\n');
    write(root, '.git/refs/heads/main', 'abc\n');
    write(root, 'node_modules/yaml/package.json', '{}');
    write(root, '.guard/state.json', '{}');
    write(root, 'clusters/t1/node_modules/x.yaml', 'b');
    write(root, 'clusters/t1/.git/config', 'c');
    write(root, 'clusters/t1/.guard/y.yaml', 'd');
    write(root, '.github/workflows/ci.yaml', 'e');

    const files = fsRepo(root).list('');

    expect(files).toEqual(['.github/workflows/ci.yaml', 'clusters/t1/promtail.yaml']);
  });

  it.each(['.git/', '.git/refs/', 'node_modules/', 'node_modules/yaml/', '.guard/', 'clusters/t1/.git/'])(
    'lists nothing when the folder asked for, %s, is inside a skipped folder',
    (dir) => {
      write(root, '.git/HEAD', 'ref: refs/heads/main\n');
      write(root, '.git/refs/heads/main', 'abc\n');
      write(root, 'node_modules/yaml/package.json', '{}');
      write(root, '.guard/state.json', '{}');
      write(root, 'clusters/t1/.git/config', 'c');

      const files = fsRepo(root).list(dir);

      expect(files).toEqual([]);
    },
  );

  it('lists a missing folder as empty', () => {
    write(root, 'clusters/t1/promtail.yaml', 'a');

    const files = fsRepo(root).list('clusters/t2/');

    expect(files).toEqual([]);
  });

  it('lists an empty folder as empty', () => {
    mkdirSync(join(root, 'clusters/t1'), { recursive: true });

    const files = fsRepo(root).list('clusters/t1/');

    expect(files).toEqual([]);
  });
});

describe('fsRepo read', () => {
  it('reads a UTF-8 file as its text', () => {
    write(root, 'clusters/t1/promtail.yaml', 'version: 6.15.3 # café\r\n');

    const text = fsRepo(root).read('clusters/t1/promtail.yaml');

    expect(text).toBe('version: 6.15.3 # café\r\n');
  });

  it('reads a missing file as undefined', () => {
    write(root, 'clusters/t1/promtail.yaml', 'a');

    const text = fsRepo(root).read('clusters/t2/promtail.yaml');

    expect(text).toBeUndefined();
  });

  it('reads a folder as undefined', () => {
    write(root, 'clusters/t1/promtail.yaml', 'a');

    const text = fsRepo(root).read('clusters/t1');

    expect(text).toBeUndefined();
  });

  it('reads a file that is not valid UTF-8 as undefined', () => {
    write(root, 'clusters/t1/binary.yaml', Uint8Array.from([0x76, 0x3a, 0x20, 0xc3, 0x28, 0xff, 0x0a]));

    const text = fsRepo(root).read('clusters/t1/binary.yaml');

    expect(text).toBeUndefined();
  });

  it('keeps a leading UTF-8 byte order mark in the text, so the file can be written back byte for byte', () => {
    const full = write(root, 'clusters/t1/promtail.yaml', '\ufeffversion: 6.15.3\n');

    const text = fsRepo(root).read('clusters/t1/promtail.yaml');

    expect(text).toBe('\ufeffversion: 6.15.3\n');
    expect(text).toBe(readFileSync(full, 'utf8'));
  });
});

describe('fsRepo reading a file again', () => {
  it('reads it from disk and answers as the first read did while it is unchanged', () => {
    write(root, 'clusters/t1/promtail.yaml', 'version: 6.15.3\n');
    const repo = fsRepo(root);

    const first = repo.read('clusters/t1/promtail.yaml');
    const second = repo.read('clusters/t1/promtail.yaml');

    expect(second).toBe('version: 6.15.3\n');
    expect(second).toBe(first);
  });

  it.each([
    ['its text changed', (full: string) => writeFileSync(full, 'version: 6.16.0\n')],
    ['it was removed', (full: string) => rmSync(full)],
    ['it is no longer valid UTF-8', (full: string) => writeFileSync(full, Uint8Array.from([0xc3, 0x28]))],
  ])('throws ChangedWhileReading, naming the file, when %s since the first read', (_, change) => {
    const full = write(root, 'clusters/t1/promtail.yaml', 'version: 6.15.3\n');
    const repo = fsRepo(root);
    repo.read('clusters/t1/promtail.yaml');

    change(full);

    expect(() => repo.read('clusters/t1/promtail.yaml')).toThrow(ChangedWhileReading);
    expect(() => repo.read('clusters/t1/promtail.yaml')).toThrow(
      'clusters/t1/promtail.yaml changed on disk while GUARD was reading the checkout',
    );
  });

  it.each([
    ['larger than one read buffer', `${'# padding line — with a dash\n'.repeat(30_000)}version: 6.15.3\n`],
    ['with a byte order mark', '\uFEFFversion: "6.15.3" # ünïcödé\n'],
    ['empty', ''],
  ])('reads a file %s whole, byte for byte, and again without a change', (_, text) => {
    write(root, 'clusters/t1/promtail.yaml', text);
    const repo = fsRepo(root);

    expect(repo.read('clusters/t1/promtail.yaml')).toBe(text);
    expect(repo.read('clusters/t1/promtail.yaml')).toBe(text);
  });

  it('throws ChangedWhileReading when a file that could not be read first can be now', () => {
    const full = write(root, 'clusters/t1/binary.yaml', Uint8Array.from([0xc3, 0x28]));
    const repo = fsRepo(root);
    expect(repo.read('clusters/t1/binary.yaml')).toBeUndefined();

    writeFileSync(full, 'version: 6.15.3\n');

    expect(() => repo.read('clusters/t1/binary.yaml')).toThrow(ChangedWhileReading);
  });
});

describe('fsRepo and symbolic links', () => {
  it('never lists the files of a symlinked folder that points outside the repository', () => {
    write(outside, 'secret.yaml', 'password: hunter2\n');
    write(root, 'clusters/t1/promtail.yaml', 'a');
    symlinkSync(outside, join(root, 'clusters/c1'), 'dir');

    const repo = fsRepo(root);

    expect(repo.list('')).toEqual(['clusters/t1/promtail.yaml']);
    expect(repo.list('clusters/')).toEqual(['clusters/t1/promtail.yaml']);
    expect(repo.list('clusters/c1/')).toEqual([]);
  });

  it('never reads a file through a symlinked folder', () => {
    write(outside, 'secret.yaml', 'password: hunter2\n');
    mkdirSync(join(root, 'clusters'));
    symlinkSync(outside, join(root, 'clusters/c1'), 'dir');

    const text = fsRepo(root).read('clusters/c1/secret.yaml');

    expect(text).toBeUndefined();
  });

  it('never lists or reads a symlinked file that points outside the repository', () => {
    const target = write(outside, 'secret.yaml', 'password: hunter2\n');
    write(root, 'clusters/t1/promtail.yaml', 'a');
    symlinkSync(target, join(root, 'clusters/t1/istio.yaml'), 'file');

    const repo = fsRepo(root);

    expect(repo.list('clusters/t1/')).toEqual(['clusters/t1/promtail.yaml']);
    expect(repo.read('clusters/t1/istio.yaml')).toBeUndefined();
  });

  it('does not follow a symlinked file even when it points inside the repository', () => {
    write(root, 'clusters/t1/promtail.yaml', 'a');
    symlinkSync(join(root, 'clusters/t1/promtail.yaml'), join(root, 'clusters/t1/alias.yaml'), 'file');

    const repo = fsRepo(root);

    expect(repo.list('clusters/t1/')).toEqual(['clusters/t1/promtail.yaml']);
    expect(repo.read('clusters/t1/alias.yaml')).toBeUndefined();
  });

  it('never reads a file whose path climbs out of the repository with ..', () => {
    write(outside, 'secret.yaml', 'password: hunter2\n');

    const text = fsRepo(root).read('../outside/secret.yaml');

    expect(text).toBeUndefined();
  });
});
