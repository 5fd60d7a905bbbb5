import { hash } from 'node:crypto';

/** Stands for a file that could not be read as text. */
const UNREADABLE = '-';

/**
 * What a file held when it was read, to tell a later read of it apart: a plan keeps its edits'
 * fields, not the files' texts, and reads the few it writes again (src/planner/read-back-edit.ts).
 */
export function textDigest(text: string | undefined): string {
  return text === undefined ? UNREADABLE : hash('sha256', text, 'base64');
}
