/**
 * `list.map(fn)`, with the elements kind V8's optimised code gives map's result (holey) whether or
 * not the caller is optimised yet. Unoptimised code returns a packed array from `map`, optimised
 * code a holey one, so an array built by `map` changes kind once its builder is optimised; every
 * optimised function it is handed to then deoptimises ("wrong map") and is compiled again. The
 * planner's per-file arrays are made here, so each consumer sees one kind from the start.
 */
export function mapped<T, U>(list: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out = new Array<U>(list.length);
  for (let i = 0; i < list.length; i += 1) out[i] = fn(list[i]!, i);
  return out;
}

/**
 * An empty array that already has the elements kind of an array of objects. An empty literal has
 * the kind of small integers and changes kind at its first object, and a function optimised on
 * arrays that changed already deoptimises on one that has not: arrays made empty and filled later,
 * one per wave, start in the kind they end in.
 */
export function emptyArray<T>(): T[] {
  const out = [undefined] as unknown as T[];
  out.pop();
  return out;
}
