/** The files of the fleet repo at one commit: a checkout on disk, or a forge tree read through its API. */
export interface RepoSnapshot {
  /** Every file path, repository-relative with "/" separators. */
  paths(): readonly string[];
  /** The file's text, or undefined when it does not exist or is not text. */
  read(path: string): string | undefined;
}

/** A snapshot over an in-memory map, for tests and simulations. */
export function snapshotOf(files: Readonly<Record<string, string>>): RepoSnapshot {
  const paths = Object.keys(files).sort();
  return { paths: () => paths, read: (p) => files[p] };
}
