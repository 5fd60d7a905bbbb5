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
   * The templates last found for each slot (a document's index in its file), most recent first:
   * the likely next matches. A fleet's files vary in a few ways (quoting, comments, values), so a
   * slot sees a handful of shapes, and trying those first spares most documents the shape key.
   */
  readonly #hints = new Map<number, Template[]>();
  readonly #capacity: number;

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#order.length;
  }

  /** The template of `text[start, end)`, parsed only when no document of that shape was before. */
  of(text: string, start: number, end: number, slot?: number): Template {
    const hints = slot === undefined ? undefined : this.#hints.get(slot);
    let template = hints?.[0]?.matches(text, start, end) ? hints[0] : undefined;
    if (!template && hints && hints.length > 1) {
      // Shapes of one slot mostly differ in how many lines a list or block has, often far down the
      // document where a matcher finds out late; a shape keeps the text's line breaks, so a count
      // rules those out first.
      const lines = lineBreaks(text, start, end);
      template = hints.find((t, i) => i > 0 && t.lines === lines && t.matches(text, start, end));
    }
    if (!template) {
      const key = shapeKey(text, start, end);
      template = this.#byKey.get(key)?.find((t) => !hints?.includes(t) && t.matches(text, start, end));
      if (!template) {
        template = new Template(text, start, end);
        this.#add(key, template);
      }
    }
    if (slot !== undefined) this.#hint(slot, hints, template);
    return template;
  }

  #hint(slot: number, hints: Template[] | undefined, template: Template): void {
    if (hints) {
      if (hints[0] === template) return;
      const at = hints.indexOf(template);
      if (at >= 0) hints.splice(at, 1);
      else if (hints.length >= HINTS_PER_SLOT) hints.pop();
      hints.unshift(template);
    } else if (this.#hints.size < 64) this.#hints.set(slot, [template]);
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

function lineBreaks(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** Shapes tried per slot before the shape key is taken. */
const HINTS_PER_SLOT = 4;

/** The memo planning uses unless given another: parsed shapes outlive one plan, by design. */
export const sharedTemplates = new TemplateMemo();
