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
  /** The newest commit reachable from `head` that changed `path` (what `git log -1 -- path` names). */
  lastCommitFor(head: string, path: string): string | undefined;
  /** Names of the branches whose history holds `sha`, sorted. */
  branchesContaining(sha: string): string[];
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
      // `git log -1 -- <path>` with git's default history simplification: a merge that leaves the
      // file as one of its parents had it follows that parent; otherwise the merge itself changed it.
      let sha: string | undefined = head;
      while (sha) {
        const commit = repo.commits.get(sha);
        if (!commit) return undefined;
        const content = commit.files.get(path);
        const same = commit.parents.find((p) => repo.commits.get(p)?.files.get(path) === content);
        if (same === undefined) return commit.parents.length === 0 && content === undefined ? undefined : sha;
        sha = same;
      }
      return undefined;
    },
    branchesContaining(sha) {
      return [...repo.branches]
        .filter(([, head]) => repo.ancestors(head).includes(sha))
        .map(([name]) => name)
        .sort();
    },
  };
  return repo;
}
