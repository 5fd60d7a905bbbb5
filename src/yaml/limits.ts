/**
 * Bounds for every YAML file GUARD reads. Request and manifest files come from anyone who can
 * open an MR (fork MRs included), so parsing must stay cheap whatever they hold.
 */
export interface YamlLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most documents (`---`) in one file. */
  maxDocuments: number;
  /** Most alias expansions when a document is turned into data; bounds "billion laughs" bombs. */
  maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxBytes: 1024 * 1024,
  maxDocuments: 50,
  maxAliasCount: 100,
};
