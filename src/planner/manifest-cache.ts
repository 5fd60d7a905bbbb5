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

/**
 * Reads each repo file once while it is in use. Clusters rarely share files, so only the few most
 * recently used are kept: a plan over ten thousand clusters must not hold every file's documents.
 * What is parsed (one CST per document shape) lives in the template memo.
 */
export class ManifestCache {
  readonly #repo: RepoSnapshot;
  readonly #limits: YamlLimits | undefined;
  readonly #entries = new Map<string, ManifestEntry>();
  readonly #capacity: number;
  readonly #templates: TemplateMemo;

  constructor(
    repo: RepoSnapshot,
    options: { limits?: YamlLimits; capacity?: number; templates?: TemplateMemo } = {},
  ) {
    this.#repo = repo;
    this.#limits = options.limits;
    this.#capacity = options.capacity ?? 64;
    this.#templates = options.templates ?? sharedTemplates;
  }

  get(path: string): ManifestEntry {
    let entry = this.#entries.get(path);
    if (entry) {
      // Least recently used goes first: a file many clusters share stays.
      this.#entries.delete(path);
      this.#entries.set(path, entry);
    } else {
      const text = this.#repo.read(path);
      entry =
        text === undefined
          ? {
              diagnostics: [
                { file: path, line: 1, col: 1, message: 'cannot be read as text', severity: 'error' },
              ],
            }
          : readManifest(path, text, this.#limits, this.#templates, this.#repo.documentHints?.(path));
      this.#entries.set(path, entry);
      if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return entry;
  }
}
