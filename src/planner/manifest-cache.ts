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

/** A cached file and when it was last asked for. */
interface Slot {
  path: string;
  entry: ManifestEntry;
  used: number;
}

/**
 * Reads each repo file once while it is in use. Clusters rarely share files, so only the few most
 * recently used are kept: a plan over ten thousand clusters must not hold every file's documents.
 * What is parsed (one CST per document shape) lives in the template memo.
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
  readonly #templates: TemplateMemo;
  #clock = 0;

  constructor(
    repo: RepoSnapshot,
    options: { limits?: YamlLimits; capacity?: number; templates?: TemplateMemo } = {},
  ) {
    this.#repo = repo;
    this.#limits = options.limits;
    this.#capacity = Math.max(1, options.capacity ?? 64);
    this.#templates = options.templates ?? sharedTemplates;
  }

  get(path: string): ManifestEntry {
    this.#clock += 1;
    const at = this.#index.get(path);
    if (at !== undefined) {
      const slot = this.#slots[at]!;
      slot.used = this.#clock;
      return slot.entry;
    }
    const entry = this.#read(path);
    if (this.#slots.length < this.#capacity) {
      this.#index.set(path, this.#slots.length);
      this.#slots.push({ path, entry, used: this.#clock });
    } else {
      // The least recently used goes: a file many clusters share stays.
      let oldest = 0;
      for (let i = 1; i < this.#slots.length; i += 1)
        if (this.#slots[i]!.used < this.#slots[oldest]!.used) oldest = i;
      const slot = this.#slots[oldest]!;
      this.#index.delete(slot.path);
      this.#index.set(path, oldest);
      slot.path = path;
      slot.entry = entry;
      slot.used = this.#clock;
    }
    return entry;
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
