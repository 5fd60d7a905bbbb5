import type { Diagnostic } from '../diagnostics.ts';
import { type ManifestFile, readManifest } from '../manifests/manifest-file.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { YamlLimits } from '../yaml/limits.ts';
import { sharedTemplates, type TemplateMemo } from '../yaml/template-memo.ts';

export interface ManifestEntry {
  /** Undefined when the file could not be read or parsed; see `diagnostics`. */
  file?: ManifestFile;
  diagnostics: Diagnostic[];
}

/** A cached file, when it was last asked for, and whether it was asked for more than once. */
interface Slot {
  path: string;
  entry: ManifestEntry;
  used: number;
  shared: boolean;
}

/** Files asked for once that are kept: one cluster's files and a few after it. */
const FRESH = 8;
/** Paths of files let go after one use that are remembered, per slot of capacity. */
const GHOSTS_PER_SLOT = 16;

/**
 * Reads each repo file once while it is in use. Clusters rarely share files, so a plan over ten
 * thousand clusters must not hold every file's documents; what is parsed (one CST per document
 * shape) lives in the template memo.
 *
 * Files are kept the way the 2Q policy does (Johnson and Shasha, 1994): a file asked for once
 * stays among the few most recent such files only, so where every cluster has its own files
 * (most fleets) the cache holds a handful, not its capacity; a file asked for again is kept as
 * shared, least recently used going first. A file let go after one use is remembered by path
 * for a while: asked for again, it is kept as shared from then on, so files that clusters share
 * further apart than a few files (one per region, clusters in no order) are still read once or
 * twice, not once per cluster.
 *
 * The entries sit in a fixed set of slots, and the index maps a path to its slot's number, never
 * to the entry. A JavaScript Map that is added to and deleted from is rebuilt every so often, and
 * V8 keeps what the old table held reachable until the next full collection: an index of entries
 * kept every file's documents alive that long, through young-generation collections, so each was
 * copied into the old generation only to die there (a quarter of what a large plan promoted).
 */
export class ManifestCache {
  readonly #repo: RepoSnapshot;
  readonly #limits: YamlLimits | undefined;
  readonly #index = new Map<string, number>();
  readonly #slots: Slot[] = [];
  readonly #capacity: number;
  readonly #freshLimit: number;
  readonly #templates: TemplateMemo;
  /** Paths let go after one use, oldest first. */
  readonly #ghosts = new Set<string>();
  /** Slots holding a file asked for once so far. */
  #fresh = 0;
  #clock = 0;

  constructor(
    repo: RepoSnapshot,
    options: { limits?: YamlLimits; capacity?: number; templates?: TemplateMemo } = {},
  ) {
    this.#repo = repo;
    this.#limits = options.limits;
    this.#capacity = Math.max(1, options.capacity ?? 64);
    this.#freshLimit = Math.min(FRESH, this.#capacity);
    this.#templates = options.templates ?? sharedTemplates;
  }

  get(path: string): ManifestEntry {
    this.#clock += 1;
    const at = this.#index.get(path);
    if (at !== undefined) {
      const slot = this.#slots[at]!;
      slot.used = this.#clock;
      if (!slot.shared) {
        slot.shared = true;
        this.#fresh -= 1;
      }
      return slot.entry;
    }
    const entry = this.#read(path);
    const shared = this.#ghosts.delete(path);
    const slot: Slot = { path, entry, used: this.#clock, shared };
    if (!shared && this.#fresh >= this.#freshLimit) this.#replace(this.#leastRecent(false), slot);
    else if (this.#slots.length < this.#capacity) {
      this.#index.set(path, this.#slots.length);
      this.#slots.push(slot);
    } else this.#replace(this.#leastRecent(true), slot);
    if (!shared) this.#fresh += 1;
    return entry;
  }

  /** The slot used least recently: of all, or of those asked for once only. */
  #leastRecent(any: boolean): number {
    let oldest = -1;
    for (let i = 0; i < this.#slots.length; i += 1) {
      const slot = this.#slots[i]!;
      if ((any || !slot.shared) && (oldest < 0 || slot.used < this.#slots[oldest]!.used)) oldest = i;
    }
    return oldest;
  }

  #replace(at: number, slot: Slot): void {
    const gone = this.#slots[at]!;
    if (!gone.shared) {
      this.#fresh -= 1;
      this.#ghosts.add(gone.path);
      if (this.#ghosts.size > this.#capacity * GHOSTS_PER_SLOT)
        this.#ghosts.delete(this.#ghosts.values().next().value!);
    }
    this.#index.delete(gone.path);
    this.#index.set(slot.path, at);
    this.#slots[at] = slot;
  }

  #read(path: string): ManifestEntry {
    const text = this.#repo.read(path);
    if (text === undefined)
      return {
        diagnostics: [{ file: path, line: 1, col: 1, message: 'cannot be read as text', severity: 'error' }],
      };
    return readManifest(path, text, this.#limits, this.#templates);
  }
}
