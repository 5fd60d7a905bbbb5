import { createHash } from 'node:crypto';

/**
 * Results of reading a file, by a digest of its content (and whatever else the reading depends
 * on), the few most recently used. The engine loads guard/fleet.yaml for every request, preview and
 * tick; a fleet of ten thousand clusters is then read once per change, not once per read. Shared
 * results must be treated as read-only, as everything a loader returns already is.
 */
export class ContentMemo<T> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity = 8) {
    this.#capacity = capacity;
  }

  get(context: string, text: string, read: () => T): T {
    const key = `${context}\u0000${createHash('sha256').update(text).digest('base64')}`;
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = read();
      if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    } else this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }
}
