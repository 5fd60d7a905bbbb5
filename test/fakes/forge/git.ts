import { createHash } from 'node:crypto';
import { FakeForgeError } from './faults.ts';

export interface FakeCommit {
  sha: string;
  /** One parent for a commit, two for a merge, none for the root. */
  parents: string[];
  files: Map<string, string>;
  message: string;
  author: string;
}

/**
 * The fake forge's repository: content-addressed commits and named branches, as git keeps them.
 * Forks' commits live in the same store (GitHub keeps a fork network's objects together), but their
 * branches do not: `forkHeads` holds them, keyed `owner:branch`.
 */
export function createFakeGit(defaultBranch: string) {
  const commits = new Map<string, FakeCommit>();
  const branches = new Map<string, string>();
  const forkHeads = new Map<string, string>();
  let serial = 0;

  const commit = (parents: string[], files: Map<string, string>, message: string, author: string) => {
    serial += 1;
    const sha = createHash('sha1')
      .update(`${parents.join(' ')}\n${author}\n${message}\n${[...files].sort().join('\n')}\n${serial}`)
      .digest('hex');
    commits.set(sha, { sha, parents, files, message, author });
    return sha;
  };

  /** A branch name or a commit sha; the forge answers 404 for anything else. */
  const resolve = (ref: string): FakeCommit => {
    const found = commits.get(branches.get(ref) ?? ref);
    if (!found) throw new FakeForgeError(404, `no branch or commit ${ref} in the repository`);
    return found;
  };

  /** Every commit reachable from `sha`, itself included. */
  const ancestors = (sha: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [sha];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(commits.get(next)?.parents ?? []));
    }
    return seen;
  };

  return {
    commits,
    branches,
    forkHeads,
    get defaultBranch() {
      return defaultBranch;
    },
    commit,
    resolve,
    tryResolve: (ref: string): FakeCommit | undefined => commits.get(branches.get(ref) ?? ref),
    ancestors,
    /** A commit on top of `branch` (or of the default branch when it does not exist yet) changing `files`. */
    commitOn(branch: string, files: Record<string, string | undefined>, message: string, author: string) {
      const parent = resolve(branches.has(branch) ? branch : defaultBranch);
      const next = new Map(parent.files);
      for (const [path, text] of Object.entries(files)) {
        if (text === undefined) next.delete(path);
        else next.set(path, text);
      }
      const sha = commit([parent.sha], next, message, author);
      branches.set(branch, sha);
      return sha;
    },
    /** Replaces the whole history: one root commit with `files` on `branch`, the new default. */
    reset(branch: string, files: Record<string, string>) {
      commits.clear();
      branches.clear();
      forkHeads.clear();
      defaultBranch = branch;
      branches.set(branch, commit([], new Map(Object.entries(files)), 'initial', 'someone'));
    },
  };
}

export type FakeGit = ReturnType<typeof createFakeGit>;

/** Paths whose content differs between two commits (added, changed or removed). */
export function changedBetween(base: FakeCommit, head: FakeCommit): string[] {
  const paths = new Set([...base.files.keys(), ...head.files.keys()]);
  return [...paths].filter((p) => base.files.get(p) !== head.files.get(p)).sort();
}

/** Same tree: git compares trees by their hash, which is a function of every path and blob. */
export function sameTree(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of a) if (b.get(path) !== text) return false;
  return true;
}
