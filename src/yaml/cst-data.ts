import { type CST, Schema } from 'yaml';
import type { ShapedText } from './shaped-text.ts';
import { isFlowScalar, shapeScalar } from './template.ts';

type Tok = CST.Token;

/** Returned when a token holds something the plain reading below does not cover. */
export const UNUSUAL: unique symbol = Symbol('unusual');

/** The YAML 1.2 core schema's scalar tags, from the yaml library itself: one dialect, not two. */
const CORE = new Schema({});
const SCALAR_TAGS = CORE.tags.filter((t) => !t.collection && t.default === true && t.test);

/**
 * First characters that some core-schema tag's test accepts: `~`, `null`, `true`, `false`, numbers,
 * `.inf`, `.nan` (and the empty string). A plain scalar starting with any other character is a
 * string, which spares most scalars of a fleet (names, regions, batches) every tag's test. The
 * cst-data tests hold this to the library's own tags, for every first character.
 */
const TAGGED_START = /^[~nNtTfF0-9+\-.]/;

/** A plain scalar's value as the yaml library's composer resolves it (null, bool, int, float, else string). */
export function plainValue(text: string): unknown {
  if (text !== '' && !TAGGED_START.test(text)) return text;
  return taggedValue(text);
}

/** plainValue the long way: every core-schema tag's test in turn. */
export function taggedValue(text: string): unknown {
  const tag = SCALAR_TAGS.find((t) => t.test!.test(text));
  if (!tag) return text;
  const resolve = tag.resolve as (text: string, onError: () => void, options: object) => unknown;
  const value = resolve(text, () => {}, { intAsBigInt: false });
  return value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
}

/**
 * The data a CST value denotes in one document, as `doc.toJS()` would give it, for the common
 * subset: block and flow maps with string keys, sequences, plain and quoted scalars. Anything else
 * — anchors, aliases, tags, explicit or non-string keys, merge keys, block scalars, pairs in flow
 * sequences — gives UNUSUAL, and the caller composes the document in full instead. The tokens'
 * template must be sound (Template.broken false, ShapedText.mayBeBroken false).
 */
export function cstData(view: ShapedText, token: Tok | null | undefined): unknown {
  if (!token) return null;
  switch (token.type) {
    case 'scalar':
      return plainOrUnusual(view.scalar(token));
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return view.scalar(token) ?? UNUSUAL;
    case 'block-map':
      return mapData(view, token.items as CST.CollectionItem[]);
    case 'block-seq':
      return seqData(view, token.items);
    case 'flow-collection':
      return token.start.source === '{' ? mapData(view, token.items) : seqData(view, token.items);
    default:
      return UNUSUAL;
  }
}

function plainOrUnusual(text: string | undefined): unknown {
  return text === undefined ? UNUSUAL : plainValue(text);
}

/**
 * What the template alone says of a map's entries, worked out once per map of a template: each
 * entry's key (written out in the shape, a string once resolved) and whether it names something an
 * object inherits. Null when some entry needs the document's own text or is read as UNUSUAL.
 */
interface MapPlan {
  keys: string[];
  inherited: boolean[];
}

const mapPlans = new WeakMap<readonly CST.CollectionItem[], MapPlan | null>();

function mapPlan(items: readonly CST.CollectionItem[]): MapPlan | null {
  let plan = mapPlans.get(items);
  if (plan !== undefined) return plan;
  plan = { keys: [], inherited: [] };
  for (const item of items) {
    const token = item.key && isFlowScalar(item.key) ? item.key : undefined;
    const key = !token || token.source.includes('~') ? undefined : literalKey(token);
    if (
      key === undefined ||
      (item as { explicitKey?: true }).explicitKey ||
      item.start.some(isProp) ||
      item.sep?.some(isProp)
    ) {
      plan = null;
      break;
    }
    plan.keys.push(key);
    plan.inherited.push(key in EMPTY);
  }
  mapPlans.set(items, plan);
  return plan;
}

const EMPTY = {};

/** A key written out in full as a string, as mapData reads it; undefined for any other key. */
function literalKey(token: CST.FlowScalar): string | undefined {
  const text = shapeScalar(token);
  const key = text === undefined ? undefined : token.type === 'scalar' ? plainValue(text) : text;
  return typeof key === 'string' && key !== '<<' ? key : undefined;
}

function mapData(view: ShapedText, items: readonly CST.CollectionItem[]): unknown {
  const plan = mapPlan(items);
  if (plan) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < items.length; i += 1) {
      const value = cstData(view, items[i]!.value);
      if (value === UNUSUAL) return UNUSUAL;
      const key = plan.keys[i]!;
      if (plan.inherited[i])
        Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
      else out[key] = value;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if ((item as { explicitKey?: true }).explicitKey || item.start.some(isProp) || item.sep?.some(isProp))
      return UNUSUAL;
    const key = item.key ? cstData(view, item.key) : UNUSUAL;
    if (typeof key !== 'string' || key === '<<') return UNUSUAL;
    const value = cstData(view, item.value);
    if (value === UNUSUAL) return UNUSUAL;
    // As yaml's toJS does: an inherited name (`constructor`, `__proto__`) becomes an own property.
    if (key in out)
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function seqData(view: ShapedText, items: readonly CST.CollectionItem[]): unknown {
  const out: unknown[] = [];
  for (const item of items) {
    if (item.key || item.sep?.length || item.start.some(isProp)) return UNUSUAL;
    const value = cstData(view, item.value);
    if (value === UNUSUAL) return UNUSUAL;
    out.push(value);
  }
  return out;
}

function isProp(token: { type: string }): boolean {
  return token.type === 'anchor' || token.type === 'tag' || token.type === 'explicit-key-ind';
}
