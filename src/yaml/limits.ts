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

const MIB = 1024 * 1024;

/** `file is 2 MiB; GUARD reads YAML files up to 1 MiB`, in exact bytes when MiB would hide the difference. */
export function tooLargeMessage(bytes: number, maxBytes: number): string {
  const mib = (n: number) => `${Number.isInteger(n / MIB) ? n / MIB : (n / MIB).toFixed(1)} MiB`;
  if (mib(bytes) === mib(maxBytes) || bytes - maxBytes < MIB / 10)
    return `file is ${bytes} bytes; GUARD reads YAML files up to ${maxBytes} bytes`;
  return `file is ${mib(bytes)}; GUARD reads YAML files up to ${mib(maxBytes)}`;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxBytes: 1024 * 1024,
  maxDocuments: 50,
  maxAliasCount: 100,
};
