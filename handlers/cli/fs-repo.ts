import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoSnapshot } from '../../src/repo/repo-snapshot.ts';
import { Prefetch } from './fs-prefetch.ts';
import type { Ahead } from './fs-prefetch-protocol.ts';
import { SKIP_DIRS, Tree } from './fs-tree.ts';

export interface FsRepoOptions {
  /**
   * Fewest file patterns worth a reading thread (fs-prefetch.ts): starting one costs more than a
   * few folders do. Default 256.
   */
  prefetchFrom?: number;
  /**
   * Start the reading thread now, before planning hints what it will read: starting it takes about
   * as long as loading a large fleet registry does, so the two overlap. It is stopped unused when
   * the hint names too few patterns.
   */
  startEarly?: boolean;
}

// The reading thread runs compiled JavaScript; from the TypeScript sources (tests, tsx), or when
// the compiled script is missing, there is none to start and the main thread reads everything.
const WORKER = import.meta.url.endsWith('.js')
  ? new URL('./fs-prefetch-worker.js', import.meta.url)
  : undefined;
const HAS_WORKER = WORKER !== undefined && existsSync(WORKER);

/** A file read a second time no longer holds what the first read found. */
export class ChangedWhileReading extends Error {
  override name = 'ChangedWhileReading';
  readonly path: string;
  constructor(path: string) {
    super(`${path} changed on disk while GUARD was reading the checkout; run again`);
    this.path = path;
  }
}

/**
 * The working tree of a checkout as a repo snapshot. The tree is read once, folder by folder as
 * planning asks for them: each folder is listed at most once, and what a listing says (folder,
 * file, symbolic link) decides every later question about its entries, so reading ten thousand
 * clusters' files costs one listing of their folder and one read each, not a check of every path
 * segment. Symbolic links are never followed, so nothing outside the checkout is read through one,
 * and `.git`, `node_modules` and `.guard` are not part of the repository.
 *
 * Texts are not kept here: a plan keeps those of the files it edits (file-edit.ts), no others. A
 * file read again is read from disk and must hold what it held the first time (a digest of each
 * is kept), else the read throws ChangedWhileReading: a snapshot answers alike or not at all.
 */
export function fsRepo(root: string, options: FsRepoOptions = {}): RepoSnapshot {
  const tree = new Tree(root);
  const lists = new Map<string, readonly string[]>();
  /**
   * Per path, what the reading thread handed over until planning reads it, then the digest of what
   * was read. One entry a file, replaced in place: a Map that is deleted from is rebuilt now and
   * then, and what its old table held stays reachable until a full collection.
   */
  const files = new Map<string, Ahead | string>();
  const thread = (): Prefetch | undefined => {
    try {
      return new Prefetch(root, { lists, files }, WORKER!);
    } catch {
      return undefined; // no thread to be had (the process is at its limits): the main thread reads
    }
  };
  let spare = HAS_WORKER && options.startEarly ? thread() : undefined;
  let prefetch: Prefetch | undefined;
  return {
    prefetch: (patterns) => {
      prefetch?.stop();
      prefetch = undefined;
      if (!HAS_WORKER || patterns.length < (options.prefetchFrom ?? 256)) {
        spare?.stop();
        spare = undefined;
        return;
      }
      prefetch = spare ?? thread();
      spare = undefined;
      prefetch?.start(patterns);
    },
    list: (dir) => {
      prefetch?.wait(dir);
      let files = lists.get(dir);
      if (!files) {
        const found = tree.files(dir.replace(/\/$/, ''));
        if (found.length > 1) found.sort();
        files = found;
        lists.set(dir, files);
      }
      return files;
    },
    read: (path) => {
      const known = files.get(path);
      if (typeof known === 'object') {
        // An Ahead is [path, text, digest]: read once, its digest stands in its place.
        files.set(path, known[2]);
        return known[1];
      }
      const [text, digest] = tree.read(path);
      if (known === undefined) files.set(path, digest);
      else if (known !== digest) throw new ChangedWhileReading(path);
      return text;
    },
  };
}

/** True when no segment of `path` is `..`, a skipped folder, or a symbolic link (checked one by one, for writing). */
export function insideRepo(root: string, path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || SKIP_DIRS.has(s))) return false;
  let at = root;
  for (const segment of segments) {
    at = join(at, segment);
    try {
      if (lstatSync(at).isSymbolicLink()) return false;
    } catch {
      return true; // does not exist: nothing to follow
    }
  }
  return true;
}
