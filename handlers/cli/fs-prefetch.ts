import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { compileGlob } from '../../src/repo/path-template.ts';
import {
  type Ahead,
  CLAIM,
  CONSUMED,
  type Fetched,
  POSTED,
  SLOTS,
  STATE,
  State,
  WAITING,
  type Work,
} from './fs-prefetch-protocol.ts';

/** Where fetched listings and texts go: fsRepo's own caches. */
export interface PrefetchSink {
  lists: Map<string, readonly string[]>;
  /**
   * By path, a file read ahead that planning has not read yet, or the digest of one it has read:
   * what the thread hands over for one of those is not kept.
   */
  files: Map<string, Ahead | string>;
}

/** Longest wait for one batch before the main thread reads for itself. */
const STALL_MS = 5000;

/**
 * Reads a plan's cluster folders and files on a second thread while the main thread parses the
 * ones before: on a fleet of thousands of clusters the listings and reads are a fifth of a plan,
 * and they need no result of the parsing. The thread runs the same Tree (fs-tree.ts), so what it
 * hands over is what the main thread would have read. A folder the thread has not reached when
 * planning asks for it (it fell behind: on a busy machine it may get a fraction of a core), the
 * main thread takes over and reads itself, rather than wait; one the thread is reading, it waits
 * for; and if the thread fails or stalls the main thread reads everything left itself. Results go
 * into the snapshot's caches, so nothing is read twice.
 */
export class Prefetch {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #words: Int32Array;
  readonly #sink: PrefetchSink;
  /** Folders the thread will hand over and has not yet, with the positions of their patterns. */
  readonly #pending = new Map<string, number[]>();
  /** Who reads each pattern (CLAIM), shared with the thread. */
  #claims = new Int32Array(new SharedArrayBuffer(4));
  #received = 0;
  #over = false;

  /**
   * Starts the thread, which then waits for `start`: a thread takes a while to start, and a
   * snapshot may start one before planning knows what it will read (fs-repo.ts).
   */
  constructor(root: string, sink: PrefetchSink, script: URL) {
    this.#sink = sink;
    const control = new SharedArrayBuffer(SLOTS * 4);
    this.#words = new Int32Array(control);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(script, {
      workerData: { root, control, port: port2 },
      transferList: [port2],
      // It keeps little: listings and the batch in hand. A small young generation keeps its memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    // The plan may end (or fail) before the thread does: it must not keep the process alive.
    this.#worker.unref();
    this.#worker.on('error', () => this.stop());
  }

  /** Has the thread read the files matching `patterns` (globs, placeholders filled), in that order. */
  start(patterns: readonly string[]): void {
    if (this.#over) return;
    patterns.forEach((p, index) => {
      const dir = compileGlob(p).prefix;
      const list = this.#pending.get(dir);
      if (list) list.push(index);
      else this.#pending.set(dir, [index]);
    });
    const claims = new SharedArrayBuffer(Math.max(1, patterns.length) * 4);
    this.#claims = new Int32Array(claims);
    const work: Work = { patterns: [...patterns], claims };
    this.#port.postMessage(work);
  }

  /**
   * Returns once folder `dir` is handed over, or is the main thread's to read: when it is one the
   * thread will hand over, what has come is taken first, then the folder is claimed unless the
   * thread has started on it, and only then is the thread waited for.
   */
  wait(dir: string): void {
    while (!this.#over && this.#pending.has(dir)) {
      if (this.#poll()) continue;
      if (this.#claim(dir)) return;
      if (!this.#take()) this.stop();
    }
  }

  /** Stops the thread and leaves every folder not yet handed over to the main thread. */
  stop(): void {
    if (this.#over) return;
    this.#over = true;
    this.#pending.clear();
    Atomics.compareExchange(this.#words, STATE, State.Running, State.Abandoned);
    Atomics.notify(this.#words, CONSUMED);
    this.#port.close();
  }

  /** Takes a batch that has come, if one has. */
  #poll(): boolean {
    const message = receiveMessageOnPort(this.#port);
    if (message) this.#absorb(message.message as Fetched[]);
    return message !== undefined;
  }

  /** Takes `dir` from the thread when it has started on none of its patterns; true when taken. */
  #claim(dir: string): boolean {
    const indices = this.#pending.get(dir)!;
    const theirs = indices.filter(
      (i) => Atomics.compareExchange(this.#claims, i, CLAIM.None, CLAIM.Main) === CLAIM.Thread,
    );
    if (theirs.length > 0) {
      // The thread has one of them: what it has not started on stays the main thread's, and the
      // folder is handed over with the one it reads.
      this.#pending.set(dir, theirs);
      return false;
    }
    this.#pending.delete(dir);
    if (this.#pending.size === 0) this.stop();
    return true;
  }

  /** Takes one batch, waiting for it; false when none will come. */
  #take(): boolean {
    for (;;) {
      // The state first: once the thread is done or failed, every batch it posted is in the port.
      const running = Atomics.load(this.#words, STATE) === State.Running;
      if (this.#poll()) return true;
      if (!running) return false;
      Atomics.store(this.#words, WAITING, 1);
      if (Atomics.wait(this.#words, POSTED, this.#received, STALL_MS) === 'timed-out') return false;
    }
  }

  #absorb(batch: Fetched[]): void {
    this.#received += 1;
    Atomics.store(this.#words, CONSUMED, this.#received);
    Atomics.notify(this.#words, CONSUMED);
    const { lists, files } = this.#sink;
    for (const entry of batch) {
      if (entry.files && !lists.has(entry.dir)) lists.set(entry.dir, entry.files);
      // The thread hands each file over once; one planning read already is not kept.
      for (const ahead of entry.texts) if (!files.has(ahead[0])) files.set(ahead[0], ahead);
      this.#pending.delete(entry.dir);
    }
    if (this.#pending.size === 0) this.stop();
  }
}
