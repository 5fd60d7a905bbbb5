import { createHash } from 'node:crypto';

/** One commit of the fake repository: a full snapshot of its files. */
export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  authorName: string;
  createdAt: string;
  files: ReadonlyMap<string, string>;
}

/** An in-memory git: commits by sha, branches by name; enough history to answer GitLab's questions. */
export interface FakeRepo {
  commits: Map<string, FakeCommit>;
  branches: Map<string, string>;
  commit(input: {
    parents: string[];
    files: ReadonlyMap<string, string>;
    message: string;
    author: string;
  }): FakeCommit;
  /** A branch name or a sha (full, or a prefix of 7+). */
  resolve(ref: string): FakeCommit | undefined;
  /** Ancestors of `sha`, itself first, breadth first. */
  ancestors(sha: string): string[];
  mergeBase(a: string, b: string): string | undefined;
  /** Paths whose content differs between two commits. */
  changedPaths(from: string | undefined, to: string): string[];
  /** The newest commit reachable from `head` (first parents) that changed `path`. */
  lastCommitFor(head: string, path: string): string | undefined;
}

export function createFakeRepo(now: () => number): FakeRepo {
  let counter = 0;
  const repo: FakeRepo = {
    commits: new Map(),
    branches: new Map(),
    commit({ parents, files, message, author }) {
      counter += 1;
      const hash = createHash('sha1');
      hash.update(JSON.stringify([parents, message, counter, [...files]]));
      const commit = {
        sha: hash.digest('hex'),
        parents,
        message,
        authorName: author,
        createdAt: new Date(now()).toISOString(),
        files: new Map(files),
      };
      repo.commits.set(commit.sha, commit);
      return commit;
    },
    resolve(ref) {
      const sha = repo.branches.get(ref) ?? ref;
      if (repo.commits.has(sha)) return repo.commits.get(sha);
      if (sha.length < 7) return undefined;
      return [...repo.commits.values()].find((c) => c.sha.startsWith(sha));
    },
    ancestors(sha) {
      const seen: string[] = [];
      const queue = [sha];
      while (queue.length > 0) {
        const next = queue.shift()!;
        if (seen.includes(next)) continue;
        seen.push(next);
        queue.push(...(repo.commits.get(next)?.parents ?? []));
      }
      return seen;
    },
    mergeBase(a, b) {
      const ofB = new Set(repo.ancestors(b));
      return repo.ancestors(a).find((sha) => ofB.has(sha));
    },
    changedPaths(from, to) {
      const before = from ? (repo.commits.get(from)?.files ?? new Map()) : new Map<string, string>();
      const after = repo.commits.get(to)?.files ?? new Map<string, string>();
      const paths = new Set([...before.keys(), ...after.keys()]);
      return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
    },
    lastCommitFor(head, path) {
      let sha: string | undefined = head;
      while (sha) {
        const commit = repo.commits.get(sha);
        const parent = commit?.parents[0];
        const parentFiles = parent ? repo.commits.get(parent)?.files : undefined;
        if (!commit || commit.files.get(path) !== parentFiles?.get(path)) return sha;
        sha = parent;
      }
      return undefined;
    },
  };
  return repo;
}
