import { createHash } from 'node:crypto';

/** A commit as the fake keeps it: the whole file set, so any ref reads without walking trees. */
export interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  date: string;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Content-addressed blobs, flat trees (path → text) and commits, with git's hashing of blobs. */
export class GitStore {
  readonly trees = new Map<string, Map<string, string>>();
  readonly commits = new Map<string, FakeCommit>();
  readonly refs = new Map<string, string>();

  blobSha(text: string): string {
    return sha1(`blob ${Buffer.byteLength(text)}\0${text}`);
  }

  putTree(files: Map<string, string>): string {
    const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const sha = sha1(`tree\0${entries.map(([p, t]) => `${p}\0${this.blobSha(t)}`).join('\n')}`);
    this.trees.set(sha, new Map(entries));
    return sha;
  }

  putCommit(input: { tree: string; parents: string[]; message: string; date: string }): FakeCommit {
    const sha = sha1(
      `commit\0${input.tree}\0${input.parents.join(',')}\0${input.message}\0${input.date}\0${this.commits.size}`,
    );
    const commit = { sha, ...input };
    this.commits.set(sha, commit);
    return commit;
  }

  /** A commit from a sha, a branch name or `refs/heads/…`. */
  resolve(ref: string): FakeCommit | undefined {
    const sha = this.refs.get(ref.replace(/^refs\/heads\//, '')) ?? ref;
    return this.commits.get(sha);
  }

  files(ref: string): Map<string, string> | undefined {
    const commit = this.resolve(ref);
    return commit && this.trees.get(commit.tree);
  }

  /** Every commit reachable from `sha`. */
  ancestors(sha: string | undefined): Set<string> {
    const seen = new Set<string>();
    const todo = sha ? [sha] : [];
    while (todo.length) {
      const next = todo.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  /** Commits a new snapshot on `branch` (or on `from` when the branch does not exist yet). */
  commitOn(
    branch: string,
    from: string,
    changes: Record<string, string>,
    message: string,
    date: string,
  ): string {
    const parent = this.refs.get(branch) ?? this.resolve(from)?.sha;
    if (!parent) throw new Error(`the fake GitHub has no commit or branch ${from}`);
    const files = new Map(this.files(parent));
    for (const [path, text] of Object.entries(changes)) files.set(path, text);
    const commit = this.putCommit({ tree: this.putTree(files), parents: [parent], message, date });
    this.refs.set(branch, commit.sha);
    return commit.sha;
  }
}
