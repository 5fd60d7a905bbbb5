/** A GET's validator and the body it came with. */
export interface EtagEntry {
  etag: string;
  data: unknown;
}

/**
 * The last ETag and body of GitHub GETs, kept across forge instances (one per reconcile) so a read
 * the next tick repeats can be conditional. Bounded: the least recently used entry goes first.
 */
export interface EtagCache {
  get(key: string): EtagEntry | undefined;
  set(key: string, entry: EtagEntry): void;
  delete(key: string): void;
  readonly size: number;
}

/** Default bound: a few reads per repository (its head, the MRs being waited on) for many repositories. */
export const ETAG_ENTRIES = 5_000;

export function createEtagCache(maxEntries = ETAG_ENTRIES): EtagCache {
  const entries = new Map<string, EtagEntry>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry) {
        // Map order is recency: a used entry moves to the end.
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    delete: (key) => {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}
