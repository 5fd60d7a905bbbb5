import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStateStore } from '../../../providers/state/file/index.ts';
import { keyFileName, keyFromFileName } from '../../../providers/state/file/key-file-name.ts';
import { describeStateStoreContract } from '../../contract/state-store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'guard-file-store-'));
let folders = 0;
const freshDir = () => join(root, `store-${++folders}`);

// A store's checkpoint may still be retiring a journal segment in the background: retry a folder that refills.
afterAll(() => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** A worker process (cas-increment-worker.ts) that has booted and waits for `go` on stdin. */
function startWorker(dir: string, key: string, times: number) {
  const worker = join(import.meta.dirname, 'cas-increment-worker.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', worker, dir, key, String(times)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready\n')) resolve();
    });
  });
  const done = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`worker exited with ${code}: ${out}`);
    return out;
  });
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

const dirOf = new WeakMap<object, string>();
describeStateStoreContract(
  'file',
  (clock) => {
    const dir = freshDir();
    const store = createFileStateStore({ dir, clock });
    dirOf.set(store, dir);
    return store;
  },
  (store, clock) => createFileStateStore({ dir: dirOf.get(store)!, clock }),
);

const record = {
  at: '2025-06-02T09:30:00.000Z',
  actor: 'guard',
  action: 'wave.opened',
  reason: 'wave 1 due',
};

describe('file state store', () => {
  describe('after a crash mid-write', () => {
    it('ignores a torn temp file next to the document', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir });
      await store.put('github:acme/fleet:istio#1', { phase: 'soaking' }, 0);
      const path = join(dir, 'state', `${keyFileName('github:acme/fleet:istio#1')}.json`);
      await writeFile(`${path}.4242.abcdef.tmp`, '{"key":"github:acme/fleet:istio#1","version":2,"val');

      expect(await store.get('github:acme/fleet:istio#1')).toEqual({
        value: { phase: 'soaking' },
        version: 1,
      });
      expect(await store.list('')).toEqual(['github:acme/fleet:istio#1']);
      expect(await store.put('github:acme/fleet:istio#1', { phase: 'passed' }, 1)).toBe(2);
    });

    it('ignores a torn last audit line, and the next append cuts it off', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir });
      await store.appendAudit('k', record);
      const path = join(dir, 'audit', `${keyFileName('k')}.jsonl`);
      await writeFile(path, `${await readFile(path, 'utf8')}{"at":"2025-06-02T09:31:00.000Z","act`);
      expect(await store.readAudit('k')).toEqual([record]);

      await store.appendAudit('k', { ...record, action: 'wave.merged' });

      expect((await store.readAudit('k')).map((r) => r.action)).toEqual(['wave.opened', 'wave.merged']);
      expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(3);
    });

    it('breaks a lock left by a dead process once it is stale', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir, lockStaleMs: 200 });
      await store.put('k', 1, 0);
      const lock = join(dir, 'state', `${keyFileName('k')}.lock`);
      await writeFile(lock, '99999.deadbeef');
      const started = Date.now();

      expect(await store.put('k', 2, 1)).toBe(2);

      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('breaks an old lock at once', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir });
      await store.put('k', 1, 0);
      const lock = join(dir, 'state', `${keyFileName('k')}.lock`);
      await writeFile(lock, '99999.deadbeef');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(lock, anHourAgo, anHourAgo);

      expect(await store.put('k', 2, 1)).toBe(2);
    });
  });

  it('keeps an exact count when separate processes increment one key by compare-and-swap', async () => {
    const dir = freshDir();
    // Enough increments that the processes overlap even when a loaded machine starts them apart.
    const workers = [1, 2, 3].map(() => startWorker(dir, 'github:acme/fleet:counter', 100));
    await Promise.all(workers.map((w) => w.ready));

    for (const w of workers) w.child.stdin!.write('go\n');
    const outputs = await Promise.all(workers.map((w) => w.done));

    const store = createFileStateStore({ dir });
    expect(await store.get('github:acme/fleet:counter')).toEqual({ value: 300, version: 300 });
    // Without contention the race above proves nothing; the processes did overlap.
    const conflicts = outputs.map(
      (out) => (JSON.parse(out.split('\n').at(-2)!) as { conflicts: number }).conflicts,
    );
    expect(conflicts.reduce((a, b) => a + b)).toBeGreaterThan(0);
  }, 60_000);

  it('deletes expired delivery records when it sweeps, and keeps live ones', async () => {
    let now = Date.UTC(2025, 5, 2);
    const dir = freshDir();
    const store = createFileStateStore({ dir, clock: () => now, sweepEveryMs: 60_000 });
    await store.markDelivery('old', 1_000);
    await store.markDelivery('live', 3_600_000);

    now += 120_000;
    await store.markDelivery('new', 1_000);

    const names = (await readdir(join(dir, 'delivery'))).filter((n) => n.endsWith('.json')).sort();
    expect(names).toEqual(['live.json', 'new.json']);
    expect(await store.markDelivery('live', 1_000)).toBe(false);
  });

  it('rejects ping when the folder cannot be created', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, '');

    await expect(createFileStateStore({ dir: join(file, 'store') }).ping()).rejects.toThrow();
  });

  describe('file names for keys', () => {
    const keys = [
      'github:acme/fleet:istio#3',
      'a/b',
      'a%2fb',
      '..',
      '../../etc/passwd',
      '.',
      'A',
      'a',
      'ü',
      'u\u0308',
      '日本',
      '𝄞',
      'a b',
      'CON',
      '-',
    ];

    it('are safe, distinct, and decode back to the key', () => {
      const names = keys.map(keyFileName);

      for (const name of names) expect(name).toMatch(/^(?:[a-z0-9_-]|%[0-9a-f]{2})+$/);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(keys.length);
      expect(names.map(keyFromFileName)).toEqual(keys);
    });

    it('are readable for the usual keys', () => {
      expect(keyFileName('github:acme/fleet:istio#3')).toBe('github%3aacme%2ffleet%3aistio%233');
    });

    it('refuse empty, malformed and overlong keys with a message', () => {
      expect(() => keyFileName('')).toThrow(/non-empty/);
      expect(() => keyFileName('\ud800')).toThrow(/well-formed/);
      expect(() => keyFileName('x'.repeat(201))).toThrow(/too long for the file store/);
    });

    it('do not decode foreign or non-canonical names', () => {
      expect(keyFromFileName('%61')).toBeUndefined();
      expect(keyFromFileName('Abc')).toBeUndefined();
      expect(keyFromFileName('ping')).toBe('ping');
    });

    it('keep every document inside the store folder', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir });

      for (const key of keys) await store.put(key, key, 0);

      expect((await readdir(join(dir, 'state'))).filter((n) => n.endsWith('.json'))).toHaveLength(
        keys.length,
      );
      expect((await readdir(dir)).sort()).toEqual(['journal', 'state']);
    });

    it('list by a prefix of any spelling, as a scan of every key would', async () => {
      const store = createFileStateStore({ dir: freshDir() });
      for (const key of keys) await store.put(key, key, 0);
      const prefixes = [
        '',
        'a',
        'a/',
        'a%',
        '.',
        '..',
        'u',
        'ü',
        '日',
        'github:acme/',
        'A',
        'x',
        '\ud83d',
        '\ud834',
      ];

      for (const prefix of prefixes) {
        expect(await store.list(prefix), prefix).toEqual(keys.filter((k) => k.startsWith(prefix)).sort());
      }
    });

    it('list past a foreign or non-canonical file that shares a prefix', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir });
      await store.put('a/b', 1, 0);
      await writeFile(join(dir, 'state', 'a%2F.json'), '{}');
      await writeFile(join(dir, 'state', 'a%2fB.json'), '{}');

      expect(await store.list('a/')).toEqual(['a/b']);
    });
  });
});
