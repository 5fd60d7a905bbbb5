import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStateStore } from '../../../providers/state/file/index.ts';
import { keyFileName } from '../../../providers/state/file/key-file-name.ts';

const root = mkdtempSync(join(tmpdir(), 'guard-journal-'));
let folders = 0;
const freshDir = () => join(root, `store-${++folders}`);
const docPath = (dir: string, key: string) => join(dir, 'state', `${keyFileName(key)}.json`);
// Long enough that no checkpoint retires the journal while a test looks at it.
const NO_CHECKPOINT = 10 * 60_000;

// A store's checkpoint may still be retiring a journal segment in the background: retry a folder that refills.
afterAll(() => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('file state store journal', () => {
  describe('group commit', () => {
    it('makes many concurrent writes durable with far fewer fsyncs than writes', async () => {
      const batches: number[] = [];
      const store = createFileStateStore({
        dir: freshDir(),
        onGroupCommit: (n) => batches.push(n),
        checkpointAfterMs: NO_CHECKPOINT,
      });

      await Promise.all(Array.from({ length: 60 }, (_, i) => store.put(`job/${i}`, { i }, 0)));

      expect(batches.reduce((a, b) => a + b, 0)).toBe(60);
      expect(batches.length).toBeLessThan(20);
      expect(await store.get('job/59')).toEqual({ value: { i: 59 }, version: 1 });
    });

    it('acknowledges a write only once its journal line is on disk', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir, checkpointAfterMs: NO_CHECKPOINT });

      await store.put('rollout/a', { phase: 'soaking' }, 0);

      const journal = await readFile(join(dir, 'journal', 'current.jsonl'), 'utf8');
      expect(journal).toContain('"key":"rollout/a"');
    });

    it('retires the journal at a checkpoint, leaving the documents', async () => {
      const dir = freshDir();
      const store = createFileStateStore({ dir, checkpointAfterMs: 1 });
      await store.put('rollout/a', 1, 0);

      await waitFor(async () => (await readdir(join(dir, 'journal'))).length === 0);

      expect(await store.get('rollout/a')).toEqual({ value: 1, version: 1 });
    });
  });

  describe('after a power cut (the journal was written under another boot)', () => {
    it('restores a document whose unsynced file was lost, torn or left at an older version', async () => {
      const dir = freshDir();
      const before = createFileStateStore({ dir, boot: 'boot-1', checkpointAfterMs: NO_CHECKPOINT });
      await before.put('lost', 'created', 0);
      await before.put('torn', 'v1', 0);
      await before.put('torn', 'v2', 1);
      await before.put('stale', 'v1', 0);
      const old = await readFile(docPath(dir, 'stale'), 'utf8');
      await before.put('stale', 'v2', 1);
      await rm(docPath(dir, 'lost'));
      await truncate(docPath(dir, 'torn'), 0);
      await writeFile(docPath(dir, 'stale'), old);

      const after = createFileStateStore({ dir, boot: 'boot-2', checkpointAfterMs: NO_CHECKPOINT });

      expect(await after.get('lost')).toEqual({ value: 'created', version: 1 });
      expect(await after.get('torn')).toEqual({ value: 'v2', version: 2 });
      expect(await after.get('stale')).toEqual({ value: 'v2', version: 2 });
      expect(await readdir(join(dir, 'journal'))).not.toContain('current.jsonl');
    });

    it('keeps removed documents removed, even when the removal had not reached the disk', async () => {
      const dir = freshDir();
      const before = createFileStateStore({ dir, boot: 'boot-1', checkpointAfterMs: NO_CHECKPOINT });
      await before.put('job/1', 'work', 0);
      const file = await readFile(docPath(dir, 'job/1'), 'utf8');
      await before.remove('job/1', 1);
      await before.put('job/2', 'work', 0);
      await before.remove('job/2', 1);
      await writeFile(docPath(dir, 'job/1'), file); // the unsynced unlink was lost

      const after = createFileStateStore({ dir, boot: 'boot-2', checkpointAfterMs: NO_CHECKPOINT });

      expect(await after.list('job/')).toEqual([]);
    });

    it('replays a key that was removed and created again to its last write', async () => {
      const dir = freshDir();
      const before = createFileStateStore({ dir, boot: 'boot-1', checkpointAfterMs: NO_CHECKPOINT });
      await before.put('inbox/a', ['first'], 0);
      const first = await readFile(docPath(dir, 'inbox/a'), 'utf8');
      await before.remove('inbox/a', 1);
      await before.put('inbox/a', ['second'], 0);
      await before.put('inbox/a', ['second', 'third'], 1);
      await writeFile(docPath(dir, 'inbox/a'), first); // only the first version had reached the disk

      const after = createFileStateStore({ dir, boot: 'boot-2', checkpointAfterMs: NO_CHECKPOINT });

      expect(await after.get('inbox/a')).toEqual({ value: ['second', 'third'], version: 2 });
    });
  });

  it('does not replay its own boot after a process restart: the files already hold every write', async () => {
    const dir = freshDir();
    const first = createFileStateStore({ dir, boot: 'boot-1', checkpointAfterMs: NO_CHECKPOINT });
    await first.put('rollout/a', 'v1', 0);
    await rm(docPath(dir, 'rollout/a')); // only a reboot can lose a written file; this is a test's hand

    const second = createFileStateStore({ dir, boot: 'boot-1', checkpointAfterMs: NO_CHECKPOINT });

    expect(await second.get('rollout/a')).toBeUndefined();
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 5 s');
}
