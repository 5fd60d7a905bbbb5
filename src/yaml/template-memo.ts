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
  /**
   * The template last found for each slot (a document's index in its file), and whether the
   * document before in that slot had it too. Where a slot keeps one shape (a fleet alike but for
   * its values) that template is tried first and the shape key is spared. Where a slot's shapes
   * vary (quoting, comments, lists of different lengths) the key picks the one to try, so no
   * document is matched against a shape not its own only to fail, often far down the document.
   */
  readonly #last = new Map<number, { template: Template; repeats: boolean }>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#order.length;
  }

  /** The template of `text[start, end)`, parsed only when no document of that shape was before. */
  of(text: string, start: number, end: number, slot?: number): Template {
    const last = slot === undefined ? undefined : this.#last.get(slot);
    const tried = last?.repeats ? last.template : undefined;
    let template = tried?.matches(text, start, end) ? tried : undefined;
    if (!template) {
      const key = shapeKey(text, start, end);
      template = this.#byKey.get(key)?.find((t) => t !== tried && t.matches(text, start, end));
      if (!template) {
        template = new Template(text, start, end);
        this.#add(key, template);
      }
    }
    if (last) {
      last.repeats = last.template === template;
      last.template = template;
    } else if (slot !== undefined && this.#last.size < SLOTS)
      this.#last.set(slot, { template, repeats: true });
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

/** Slots remembered: a document past the 64th of its file is looked up by its key alone. */
const SLOTS = 64;

/** The memo planning uses unless given another: parsed shapes outlive one plan, by design. */
export const sharedTemplates = new TemplateMemo();
