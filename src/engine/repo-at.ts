import type { Forge } from '../ports/forge.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { snapshotOf } from '../repo/repo-snapshot.ts';

/** Read up front: every computation starts with them. */
const GUARD_FILES = ['guard/fleet.yaml', 'guard/upgrade.yaml'];

/** How many read rounds a computation may need: guard files, then the files they name, then spares. */
const MAX_ROUNDS = 5;

/**
 * Runs `compute` (synchronous planning code) over the repository at `ref` as the forge shows it,
 * reading only the files it asks for. The tree is listed once; each round runs `compute`, collects
 * the paths it tried to read that were not fetched yet, reads them in one batch, and runs again,
 * until a round asks for nothing new. Planning a service reads its templates' files only.
 */
export async function computeAtRef<T>(
  forge: Forge,
  ref: string,
  compute: (repo: RepoSnapshot) => T,
  prefetch: readonly string[] = GUARD_FILES,
): Promise<T> {
  const paths = await forge.listFiles(ref, '');
  const exists = new Set(paths);
  const texts = new Map<string, string | undefined>();
  const first = prefetch.filter((p) => exists.has(p));
  if (first.length > 0) {
    const read = await forge.readFiles(ref, first);
    for (const path of first) texts.set(path, read.get(path));
  }
  const listing = snapshotOf(Object.fromEntries(paths.map((p) => [p, ''])));
  for (let round = 1; ; round += 1) {
    const missing = new Set<string>();
    const repo: RepoSnapshot = {
      list: (dir) => listing.list(dir),
      read: (path) => {
        if (texts.has(path)) return texts.get(path);
        if (exists.has(path)) missing.add(path);
        return undefined;
      },
    };
    const result = compute(repo);
    if (missing.size === 0 || round === MAX_ROUNDS) return result;
    const read = await forge.readFiles(ref, [...missing]);
    for (const path of missing) texts.set(path, read.get(path));
  }
}
