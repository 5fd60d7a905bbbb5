import { hash } from 'node:crypto';

/** Stands for a file that could not be read as text. */
export const UNREADABLE = '-';

/**
 * What a file held when it was read, to tell a later read of it apart (fs-repo.ts): the SHA-256 of
 * its bytes. A text is read only from valid UTF-8 (its byte order mark kept), so equal digests are
 * equal texts.
 */
export function bytesDigest(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'base64');
}
