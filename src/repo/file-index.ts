import { compileGlob } from './path-template.ts';

/**
 * Sorted paths with prefix lookups, so matching one cluster's template costs a binary search and
 * a short scan instead of a pass over every file in a repository of thousands of clusters.
 */
export class FileIndex {
  readonly #paths: string[];

  constructor(paths: Iterable<string>) {
    this.#paths = [...paths].sort();
  }

  /** Paths matching a glob (already expanded for one cluster), in sorted order. */
  match(pattern: string): string[] {
    const glob = compileGlob(pattern);
    const out: string[] = [];
    for (let i = this.#lowerBound(glob.prefix); i < this.#paths.length; i += 1) {
      const p = this.#paths[i]!;
      if (!p.startsWith(glob.prefix)) break;
      if (glob.matches(p)) out.push(p);
    }
    return out;
  }

  #lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.#paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#paths[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
