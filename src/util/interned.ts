/** Most strings kept; past it, strings are still copied, only no longer shared. */
const LIMIT = 4096;
const table = new Map<string, string>();

/**
 * One copy of `text`, shared by every caller that asks for the same string, and holding nothing
 * else: a string cut from a file's text (a name, a version) may be a slice that keeps the whole
 * text alive, and a plan keeps such strings for thousands of fields, of files it does not edit too.
 * Bounded, and content-addressed: what it returns is always equal to what it was given.
 */
export function interned(text: string): string {
  const known = table.get(text);
  if (known !== undefined) return known;
  // A string parsed from JSON is new storage of its own, never a slice or a join of others.
  const copy = JSON.parse(JSON.stringify(text)) as string;
  if (table.size < LIMIT) table.set(copy, copy);
  return copy;
}
