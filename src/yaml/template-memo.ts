import { shapeKey } from './shape-match.ts';
import { Template } from './template.ts';

/**
 * Templates by shape, bounded. Content-addressed (the shape is the key), so sharing one memo
 * across plans, requests and engine ticks changes no result; it only saves parsing.
 */
export class TemplateMemo {
  /** Templates by shapeKey: a few candidates, each confirmed by its matcher before use. */
  readonly #byKey = new Map<number, Template[]>();
  /** Insertion order, for evicting the oldest. */
  readonly #order: { key: number; template: Template }[] = [];
  /** The template last found for each slot (a document's index in its file): the likely next match. */
  readonly #hints = new Map<number, Template>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#order.length;
  }

  /** The template of `text[start, end)`, parsed only when no document of that shape was before. */
  of(text: string, start: number, end: number, slot?: number): Template {
    const hinted = slot === undefined ? undefined : this.#hints.get(slot);
    if (hinted?.matches(text, start, end)) return hinted;
    const key = shapeKey(text, start, end);
    let template = this.#byKey.get(key)?.find((t) => t !== hinted && t.matches(text, start, end));
    if (!template) {
      template = new Template(text, start, end);
      this.#add(key, template);
    }
    if (slot !== undefined && (this.#hints.size < 64 || this.#hints.has(slot)))
      this.#hints.set(slot, template);
    return template;
  }

  #add(key: number, template: Template): void {
    if (this.#order.length >= this.#capacity) {
      const oldest = this.#order.shift()!;
      const list = this.#byKey.get(oldest.key)!.filter((t) => t !== oldest.template);
      if (list.length) this.#byKey.set(oldest.key, list);
      else this.#byKey.delete(oldest.key);
    }
    this.#byKey.set(key, [...(this.#byKey.get(key) ?? []), template]);
    this.#order.push({ key, template });
  }
}

/** The memo planning uses unless given another: parsed shapes outlive one plan, by design. */
export const sharedTemplates = new TemplateMemo();
