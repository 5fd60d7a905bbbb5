/** A file read ahead: path, text, digest. */
export type Ahead = [string, string | undefined, string];

/** What the prefetch thread hands over for one file pattern (fs-prefetch.ts). */
export interface Fetched {
  /** The pattern's folder, as RepoSnapshot.list is asked for it ("clusters/c1/istio/"). */
  dir: string;
  /** The pattern's position in the list the main thread posted. */
  index: number;
  /** Every file below `dir`, sorted; absent when an earlier pattern listed the same folder. */
  files?: readonly string[];
  /**
   * The files the pattern matches, with their text (undefined when not readable as text) and its
   * digest (text-digest.ts).
   */
  texts: Ahead[];
}

/** What the main thread posts to start the thread: the patterns, and who reads each (CLAIM). */
export interface Work {
  patterns: readonly string[];
  /** One Int32 a pattern, CLAIM.None until a thread takes it. */
  claims: SharedArrayBuffer;
}

/**
 * Who reads a pattern: whichever thread takes it first (compare-and-exchange from None). The
 * reading thread takes each in turn; the main thread takes one it needs that the reading thread has
 * not reached (it fell behind, on a busy machine), reads it itself, and so never waits for it.
 */
export const CLAIM = { None: 0, Thread: 1, Main: 2 } as const;

// Slots of the shared Int32Array.
/** Batches posted so far. */
export const POSTED = 0;
/** Batches the main thread has taken. */
export const CONSUMED = 1;
/** Set by the main thread when it waits for the next batch. */
export const WAITING = 2;
export const STATE = 3;
export const SLOTS = 4;

export const State = { Running: 0, Done: 1, Failed: 2, Abandoned: 3 } as const;

/** Patterns per batch: a message per cluster would cost more to pass than the thread saves. */
export const BATCH = 32;
/** Batches the thread may read ahead of the main thread. */
export const AHEAD = 8;
