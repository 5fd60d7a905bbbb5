import type { Forge } from '../ports/forge.ts';
import type { EngineDeps } from './deps.ts';
import { type DurableReads, isDurablePath } from './durable-reads.ts';

type ForgeFor = EngineDeps['forgeFor'];
type Target = Parameters<ForgeFor>[0];

export interface ReadMemoOptions {
  clock: () => Date;
  /**
   * How long a default-branch head read by the tick stands in for a fresh read (default 30 s, half
   * the default tick): long enough for the tick's reconciles, short enough that a head moved without
   * any webhook (another replica's merge) is seen well before the next tick.
   */
  headTtlMs?: number;
  /** Characters of listings and file texts kept across commits (default 32 M); least recently used go first. */
  maxChars?: number;
  /** Guard files kept in the state store across restarts and replicas (durable-reads.ts). */
  durable?: DurableReads;
}

export interface ReadMemo {
  /** `forgeFor` whose forges answer reads of a commit from memory and reuse a head the tick just read. */
  wrap(forgeFor: ForgeFor): ForgeFor;
  /** Same, but `defaultBranch()` always asks the forge and remembers the answer: the tick's look. */
  wrapFresh(forgeFor: ForgeFor): ForgeFor;
  /** Something happened in the repository (any webhook): its head must be read again. */
  forgetHead(target: Pick<Target, 'forge' | 'project'>): void;
}

interface Commit {
  listings: Map<string, string[]>;
  files: Map<string, string | undefined>;
  /** Results computed from this commit's files alone (a service's request view), by name. */
  results: Map<string, unknown>;
  chars: number;
}

/** Results computed from one commit's files, kept with its reads (treat them as read-only). */
export interface KeptResults {
  get(name: string): unknown;
  /** `chars`: about what the result costs in memory, counted against the memo's bound. */
  set(name: string, value: unknown, chars: number): void;
}

const keepers = new WeakMap<Forge, (ref: string) => KeptResults | undefined>();

/**
 * Where results computed from `ref`'s files can be kept: only for a forge the engine's memo wraps
 * and a commit id (a branch name moves); undefined otherwise, and the caller computes afresh.
 */
export function keptAt(forge: Forge, ref: string): KeptResults | undefined {
  return keepers.get(forge)?.(ref);
}

/** Commit ids as both forges write them (SHA-1, or SHA-256 repositories): only these name fixed content. */
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * What a reconcile read that cannot have changed, kept for the next one (issue 12, engine tick):
 * files and listings at a commit id are immutable, so they are read once per commit; and the tick
 * reads each repository's default-branch head once, for its discovery and for every reconcile it
 * starts. A head is forgotten on any webhook about its repository and after GUARD merges an MR, so
 * every change still reaches the next reconcile (level-triggered: the tick reads heads afresh).
 */
export function createReadMemo(options: ReadMemoOptions): ReadMemo {
  const headTtlMs = options.headTtlMs ?? 30_000;
  const maxChars = options.maxChars ?? 32_000_000;
  const heads = new Map<string, { head: { name: string; sha: string }; at: number }>();
  const commits = new Map<string, Commit>();
  let chars = 0;

  const repoId = (t: Pick<Target, 'forge' | 'project'>) => `${t.forge}:${t.project}`;
  const commitOf = (repo: string, ref: string): Commit | undefined => {
    if (!COMMIT_ID.test(ref)) return undefined;
    const id = `${repo}@${ref}`;
    let found = commits.get(id);
    if (found)
      commits.delete(id); // re-inserted last: Map order is recency
    else found = { listings: new Map(), files: new Map(), results: new Map(), chars: 0 };
    commits.set(id, found);
    return found;
  };
  const grow = (commit: Commit, size: number) => {
    commit.chars += size;
    chars += size;
    for (const [id, old] of commits) {
      if (chars <= maxChars || old === commit) break;
      commits.delete(id);
      chars -= old.chars;
    }
  };

  const wrapWith =
    (fresh: boolean): ((forgeFor: ForgeFor) => ForgeFor) =>
    (forgeFor) =>
    async (target) => {
      const forge = await forgeFor(target);
      const repo = repoId(target);
      const wrapped: Forge = {
        ...forge,
        async defaultBranch() {
          const known = heads.get(repo);
          const now = options.clock().getTime();
          if (!fresh && known && now - known.at >= 0 && now - known.at < headTtlMs) return { ...known.head };
          const head = await forge.defaultBranch();
          heads.set(repo, { head: { ...head }, at: now });
          return head;
        },
        async listFiles(ref, dir) {
          const commit = commitOf(repo, ref);
          const kept = commit?.listings.get(dir);
          if (kept) return [...kept];
          const paths = await forge.listFiles(ref, dir);
          if (commit) {
            commit.listings.set(dir, [...paths]);
            grow(
              commit,
              paths.reduce((n, p) => n + p.length, 0),
            );
          }
          return paths;
        },
        async readFiles(ref, paths) {
          const commit = commitOf(repo, ref);
          const missing = commit ? paths.filter((p) => !commit.files.has(p)) : paths;
          if (missing.length === 0 && commit) return new Map(paths.map((p) => [p, commit.files.get(p)]));
          const durable = commit && missing.every(isDurablePath) ? options.durable : undefined;
          let read = await durable?.get(repo, ref, missing);
          if (!read) {
            read = missing.length > 0 ? await forge.readFiles(ref, missing) : new Map();
            await durable?.put(repo, ref, read);
          }
          if (!commit) return read;
          let size = 0;
          for (const path of missing) {
            const text = read.get(path);
            commit.files.set(path, text);
            size += path.length + (text?.length ?? 0);
          }
          grow(commit, size);
          return new Map(paths.map((p) => [p, commit.files.get(p)]));
        },
        async mergeMergeRequest(number) {
          // Merging moves the default branch: the next look must see the merge commit.
          heads.delete(repo);
          try {
            return await forge.mergeMergeRequest(number);
          } finally {
            heads.delete(repo);
          }
        },
      };
      keepers.set(wrapped, (ref) => {
        const commit = commitOf(repo, ref);
        if (!commit) return undefined;
        return {
          get: (name) => commit.results.get(name),
          set(name, value, size) {
            commit.results.set(name, value);
            grow(commit, size);
          },
        };
      });
      return wrapped;
    };

  return {
    wrap: wrapWith(false),
    wrapFresh: wrapWith(true),
    forgetHead: (target) => heads.delete(repoId(target)),
  };
}
