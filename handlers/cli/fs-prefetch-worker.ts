// The thread behind fs-prefetch.ts: reads the folders and files planning will ask for next, in
// that order, with the same Tree the main thread uses, and hands them over in batches. It starts
// with nothing to do and reads once the main thread posts the patterns.
import { type MessagePort, workerData } from 'node:worker_threads';
import { compileGlob } from '../../src/repo/path-template.ts';
import {
  AHEAD,
  BATCH,
  CLAIM,
  CONSUMED,
  type Fetched,
  POSTED,
  STATE,
  State,
  WAITING,
  type Work,
} from './fs-prefetch-protocol.ts';
import { Tree } from './fs-tree.ts';

const { root, control, port } = workerData as {
  root: string;
  control: SharedArrayBuffer;
  port: MessagePort;
};
const words = new Int32Array(control);
const tree = new Tree(root);
const listed = new Set<string>();
const read = new Set<string>();
let batch: Fetched[] = [];
let posted = 0;
/** How long the thread waits for the main thread to take a batch before it ends. */
const GIVE_UP_MS = 60_000;

function flush(): void {
  if (batch.length === 0) return;
  port.postMessage(batch);
  batch = [];
  posted += 1;
  Atomics.add(words, POSTED, 1);
  Atomics.notify(words, POSTED);
}

/** The folder listing (the first time it is asked for) and the files of one pattern. */
function fetch(pattern: string, index: number): Fetched {
  const glob = compileGlob(pattern);
  const entry: Fetched = { dir: glob.prefix, index, texts: [] };
  let files: readonly string[] | undefined;
  if (!listed.has(glob.prefix)) {
    listed.add(glob.prefix);
    const found = tree.files(glob.prefix.replace(/\/$/, ''));
    if (found.length > 1) found.sort();
    entry.files = found;
    files = found;
  }
  for (const path of files ?? tree.files(glob.prefix.replace(/\/$/, ''))) {
    if (read.has(path) || !glob.matches(path)) continue;
    read.add(path);
    const [text, digest] = tree.read(path);
    entry.texts.push([path, text, digest]);
  }
  return entry;
}

function readAhead({ patterns, claims }: Work): void {
  const claimed = new Int32Array(claims);
  try {
    for (const [index, pattern] of patterns.entries()) {
      if (Atomics.load(words, STATE) !== State.Running) break;
      // The main thread got there first (this thread fell behind) and reads the pattern itself.
      if (Atomics.compareExchange(claimed, index, CLAIM.None, CLAIM.Thread) !== CLAIM.None) continue;
      batch.push(fetch(pattern, index));
      // The main thread waits: hand over what is ready rather than fill the batch.
      if (batch.length >= BATCH || Atomics.exchange(words, WAITING, 0) === 1) flush();
      // Stay a bounded distance ahead, so a plan that stops early leaves little read for nothing; a
      // plan that stopped for good (an exception) takes nothing more, and the thread ends.
      let stalled = 0;
      while (posted - Atomics.load(words, CONSUMED) > AHEAD && Atomics.load(words, STATE) === State.Running) {
        const consumed = Atomics.load(words, CONSUMED);
        stalled = Atomics.wait(words, CONSUMED, consumed, 100) === 'timed-out' ? stalled + 100 : 0;
        if (stalled >= GIVE_UP_MS) throw new Error('the plan stopped taking what was read');
      }
    }
    flush();
    Atomics.compareExchange(words, STATE, State.Running, State.Done);
  } catch {
    Atomics.compareExchange(words, STATE, State.Running, State.Failed);
  } finally {
    Atomics.notify(words, POSTED);
    port.close();
  }
}

// Closed unused when the main thread stops before it starts this thread: the thread then ends.
port.once('message', readAhead);
