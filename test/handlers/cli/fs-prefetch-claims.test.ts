// The main thread's side of the reading thread, against a stand-in thread that reads nothing unless
// told: it must take over a folder the thread has not started on (never wait for it), and wait for
// one the thread has.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Prefetch, type PrefetchSink } from '../../../handlers/cli/fs-prefetch.ts';
import { type Ahead, CLAIM } from '../../../handlers/cli/fs-prefetch-protocol.ts';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'guard-claims-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A thread that takes pattern `take` (when given), says so in `ready`, and then hands over that
 * pattern's folder with one text; it reports in `seen` who holds pattern 0 once the main thread
 * has claimed it.
 */
function standIn(take: number | undefined): URL {
  const script = join(scratch, 'stand-in.mjs');
  writeFileSync(
    script,
    `import { workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
const { control, port } = workerData;
const words = new Int32Array(control);
port.once('message', ({ patterns, claims }) => {
  const claimed = new Int32Array(claims);
  const take = ${JSON.stringify(take ?? null)};
  if (take !== null && Atomics.compareExchange(claimed, take, ${CLAIM.None}, ${CLAIM.Thread}) === ${CLAIM.None}) {
    writeFileSync(${JSON.stringify(join(scratch, 'ready'))}, 'taken');
    setTimeout(() => {
      const dir = patterns[take].slice(0, patterns[take].lastIndexOf('/') + 1);
      port.postMessage([{ dir, index: take, texts: [[dir + 'f.yaml', 'from the thread', 'digest']] }]);
      Atomics.add(words, 0, 1);
      Atomics.notify(words, 0);
    }, 200);
  }
  const poll = setInterval(() => {
    if (Atomics.load(claimed, 0) !== ${CLAIM.None}) {
      writeFileSync(${JSON.stringify(join(scratch, 'seen'))}, String(Atomics.load(claimed, 0)));
      clearInterval(poll);
    }
  }, 5);
});
`,
  );
  return pathToFileURL(script);
}

function sink(): PrefetchSink {
  return { lists: new Map(), files: new Map<string, Ahead | string>() };
}

async function until(path: string): Promise<string> {
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 5));
  return readFileSync(path, 'utf8');
}

describe('the reading thread falling behind', () => {
  it('leaves a folder it has not started on to the main thread, which reads it without waiting', async () => {
    const into = sink();
    const prefetch = new Prefetch(scratch, into, standIn(undefined));
    prefetch.start(['a/*.yaml', 'b/*.yaml']);

    prefetch.wait('a/');

    // Nothing came from the thread, and it finds pattern 0 taken by the main thread.
    expect(into.files.size).toBe(0);
    expect(Number(await until(join(scratch, 'seen')))).toBe(CLAIM.Main);
    prefetch.stop();
  });

  it('waits for a folder the thread has started on, and takes what it hands over', async () => {
    const into = sink();
    const prefetch = new Prefetch(scratch, into, standIn(1));
    prefetch.start(['a/*.yaml', 'b/*.yaml', 'c/*.yaml']);
    await until(join(scratch, 'ready'));

    prefetch.wait('b/');

    expect((into.files.get('b/f.yaml') as Ahead | undefined)?.[1]).toBe('from the thread');
    prefetch.stop();
  });
});
