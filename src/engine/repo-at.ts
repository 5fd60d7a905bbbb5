import type { Forge } from '../ports/forge.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { snapshotOf } from '../repo/repo-snapshot.ts';

/** Read up front: every computation starts with them. */
const GUARD_FILES = ['guard/fleet.yaml', 'guard/upgrade.yaml'];

/** How many read rounds a computation may need: guard files, the tree, the files they name, then spares. */
const MAX_ROUNDS = 6;

/**
 * Runs `compute` (synchronous planning code) over the repository at `ref` as the forge shows it,
 * reading only what it asks for. The guard files are read first, without listing the tree (a
 * missing one reads as undefined): loading a request needs nothing else, so a tick whose head moved
 * makes one read. The tree is listed once, only when `compute` lists a folder; each round runs
 * `compute`, collects what it tried to read or list that was not fetched yet, fetches it in one
 * batch, and runs again, until a round asks for nothing new. Planning a service reads its
 * templates' files only.
 */
export async function computeAtRef<T>(
  forge: Forge,
  ref: string,
  compute: (repo: RepoSnapshot) => T,
  prefetch: readonly string[] = GUARD_FILES,
): Promise<T> {
  const texts = new Map<string, string | undefined>();
  if (prefetch.length > 0) {
    const read = await forge.readFiles(ref, prefetch);
    for (const path of prefetch) texts.set(path, read.get(path));
  }
  let tree: { exists: Set<string>; listing: RepoSnapshot } | undefined;
  for (let round = 1; ; round += 1) {
    const missing = new Set<string>();
    let wantsTree = false;
    const repo: RepoSnapshot = {
      list: (dir) => {
        if (tree) return tree.listing.list(dir);
        wantsTree = true;
        return [];
      },
      read: (path) => {
        if (texts.has(path)) return texts.get(path);
        if (!tree || tree.exists.has(path)) missing.add(path);
        return undefined;
      },
    };
    const result = compute(repo);
    if ((missing.size === 0 && !wantsTree) || round === MAX_ROUNDS) return result;
    if (wantsTree && !tree) {
      const paths = await forge.listFiles(ref, '');
      tree = { exists: new Set(paths), listing: snapshotOf(Object.fromEntries(paths.map((p) => [p, '']))) };
    }
    const known = tree;
    const toRead = [...missing].filter((path) => !known || known.exists.has(path));
    if (toRead.length === 0) continue;
    const read = await forge.readFiles(ref, toRead);
    for (const path of toRead) texts.set(path, read.get(path));
  }
}
