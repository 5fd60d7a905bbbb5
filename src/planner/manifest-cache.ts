import type { Diagnostic } from '../diagnostics.ts';
import { type ManifestFile, type ParseMemo, readManifest } from '../manifests/manifest-file.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { YamlLimits } from '../yaml/limits.ts';

export interface ManifestEntry {
  /** Undefined when the file could not be read or parsed; see `diagnostics`. */
  file?: ManifestFile;
  diagnostics: Diagnostic[];
}

/**
 * Parses each repo file once while it is in use. Clusters rarely share files, so only the most
 * recent few hundred are kept: a plan over ten thousand clusters must not hold every parse tree.
 */
export class ManifestCache {
  readonly #repo: RepoSnapshot;
  readonly #limits: YamlLimits | undefined;
  readonly #entries = new Map<string, ManifestEntry>();
  readonly #capacity: number;
  readonly #parses: ParseMemo = new Map();
  /** Edits confirmed on identical document shapes, for spliceVersions. */
  readonly confirmed = new Set<string>();

  constructor(repo: RepoSnapshot, limits?: YamlLimits, capacity = 512) {
    this.#repo = repo;
    this.#limits = limits;
    this.#capacity = capacity;
  }

  get(path: string): ManifestEntry {
    let entry = this.#entries.get(path);
    if (!entry) {
      const text = this.#repo.read(path);
      entry =
        text === undefined
          ? {
              diagnostics: [
                { file: path, line: 1, col: 1, message: 'cannot be read as text', severity: 'error' },
              ],
            }
          : readManifest(path, text, this.#limits, this.#parses);
      this.#entries.set(path, entry);
      if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return entry;
  }
}
