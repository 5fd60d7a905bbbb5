import type { StateStore } from '../ports/state-store.ts';

/**
 * The guard files of each repository at the newest commit GUARD read them at, kept in the state
 * store, so that the first tick after a restart (or on another replica) does not read them from the
 * forge again for every rollout: it looks at the head, finds the same commit here, and makes one
 * forge call per rollout instead of two (issue 12, engine tick). A commit's files never change, so
 * a record is right whenever its commit matches; a record that names another commit is not used.
 * Best effort: a record that cannot be read or written costs a forge read, never a wrong answer.
 */
export interface DurableReads {
  /** `paths` at `sha` when the record holds that commit and all of them; undefined otherwise. */
  get(
    repo: string,
    sha: string,
    paths: readonly string[],
  ): Promise<Map<string, string | undefined> | undefined>;
  /** Records what the forge answered for `sha` (replacing an older commit's files). */
  put(repo: string, sha: string, files: ReadonlyMap<string, string | undefined>): Promise<void>;
}

/** Only files under guard/ are kept: small, and read by every reconcile. */
export function isDurablePath(path: string): boolean {
  return path.startsWith('guard/');
}

interface ReadsRecord {
  sha: string;
  /** null: the file does not exist at that commit. */
  files: Record<string, string | null>;
}

/** DynamoDB items stop at 400 KB; a fleet file larger than this is read from the forge each time. */
const MAX_CHARS = 300_000;

export const readsKey = (repo: string): string => `reads/${repo}`;

export function createDurableReads(store: StateStore): DurableReads {
  const load = async (repo: string) => {
    const found = await store.get(readsKey(repo));
    return found && isRecord(found.value) ? { record: found.value, version: found.version } : undefined;
  };
  return {
    async get(repo, sha, paths) {
      try {
        const found = await load(repo);
        if (found?.record.sha !== sha) return undefined;
        const { files } = found.record;
        if (!paths.every((p) => Object.hasOwn(files, p))) return undefined;
        return new Map(paths.map((p) => [p, files[p] ?? undefined]));
      } catch {
        return undefined;
      }
    },
    async put(repo, sha, read) {
      try {
        const found = await load(repo);
        const files: Record<string, string | null> =
          found?.record.sha === sha ? { ...found.record.files } : {};
        let changed = found?.record.sha !== sha;
        for (const [path, text] of read) {
          if (files[path] === (text ?? null) && Object.hasOwn(files, path)) continue;
          files[path] = text ?? null;
          changed = true;
        }
        if (!changed) return;
        const chars = Object.values(files).reduce((n, t) => n + (t?.length ?? 0), 0);
        if (chars > MAX_CHARS) return;
        await store.put(readsKey(repo), { sha, files } satisfies ReadsRecord, found?.version ?? 0);
      } catch {
        // Best effort: when another replica recorded its read first (a conflict) or the store
        // faltered, a later reconcile reads from the forge, as it would without a record.
      }
    },
  };
}

function isRecord(value: unknown): value is ReadsRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ReadsRecord>;
  return typeof v.sha === 'string' && typeof v.files === 'object' && v.files !== null;
}
