/**
 * Sorts `list` in place by `start`, ascending and stable. An insertion sort: the lists are a file's
 * one to three fields, already in order, and a plan of ten thousand files sorts tens of thousands of
 * them, where Array.prototype.sort's set-up per call is most of its cost.
 */
export function byOffset<T>(list: T[], start: (item: T) => number): T[] {
  for (let i = 1; i < list.length; i += 1) {
    const item = list[i]!;
    const at = start(item);
    let j = i - 1;
    while (j >= 0 && start(list[j]!) > at) {
      list[j + 1] = list[j]!;
      j -= 1;
    }
    list[j + 1] = item;
  }
  return list;
}
