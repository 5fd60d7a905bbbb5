import { compileGlob } from './path-template.ts';

/** The files of the fleet repo at one commit: a checkout on disk, or a forge tree read through its API. */
export interface RepoSnapshot {
  /**
   * Every file below `dir` (repository-relative, "/"-separated, ending in "/"; "" for the root), at
   * any depth, sorted. Planning lists only the folders its templates name, so a repository of ten
   * thousand clusters is never walked whole.
   */
  list(dir: string): readonly string[];
  /** The file's text, or undefined when it does not exist or is not text. */
  read(path: string): string | undefined;
  /**
   * A hint: the files matching these patterns (globs, placeholders filled) are listed and read
   * next, in this order. A snapshot may start reading them ahead; answers stay the same.
   */
  prefetch?(patterns: readonly string[]): void;
}

/** Paths matching a glob (already expanded for one cluster), in sorted order. */
export function matchFiles(repo: RepoSnapshot, pattern: string): string[] {
  const glob = compileGlob(pattern);
  const listed = repo.list(glob.prefix);
  // One array kind whatever the listing's (a reading thread's arrays arrive holey): see mapped.ts.
  const out = new Array<string>(listed.length);
  let count = 0;
  for (const p of listed) if (glob.matches(p)) out[count++] = p;
  out.length = count;
  return out;
}

/** A snapshot over an in-memory map, for tests and simulations. */
export function snapshotOf(files: Readonly<Record<string, string>>): RepoSnapshot {
  const paths = Object.keys(files).sort();
  return {
    list: (dir) => {
      const out: string[] = [];
      for (let i = lowerBound(paths, dir); i < paths.length && paths[i]!.startsWith(dir); i += 1)
        out.push(paths[i]!);
      return out;
    },
    read: (p) => files[p],
  };
}

function lowerBound(sorted: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
