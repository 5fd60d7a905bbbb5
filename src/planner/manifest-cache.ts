import type { Diagnostic } from '../diagnostics.ts';
import { type ManifestFile, readManifest } from '../manifests/manifest-file.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { YamlLimits } from '../yaml/limits.ts';

export interface ManifestEntry {
  /** Undefined when the file could not be read or parsed; see `diagnostics`. */
  file?: ManifestFile;
  diagnostics: Diagnostic[];
}

/** Parses each repo file once, however many clusters, services or plans share it. */
export class ManifestCache {
  readonly #repo: RepoSnapshot;
  readonly #limits: YamlLimits | undefined;
  readonly #entries = new Map<string, ManifestEntry>();

  constructor(repo: RepoSnapshot, limits?: YamlLimits) {
    this.#repo = repo;
    this.#limits = limits;
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
          : readManifest(path, text, this.#limits);
      this.#entries.set(path, entry);
    }
    return entry;
  }
}
