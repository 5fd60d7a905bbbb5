import { describe, expect, it } from 'vitest';
import { emptyArray, mapped } from '../../../src/util/mapped.ts';

describe('mapped', () => {
  it('gives what Array.prototype.map gives, index included, for arrays of every length', () => {
    for (const list of [[], ['a'], ['a', 'b', 'c'], Array.from({ length: 40 }, (_, i) => i)] as unknown[][]) {
      const fn = (item: unknown, i: number) => `${String(item)}@${i}`;
      expect(mapped(list, fn)).toEqual(list.map(fn));
      expect(mapped(list, fn)).toHaveLength(list.length);
    }
  });

  it('leaves no hole: every position of the result holds what fn returned for it', () => {
    const out = mapped([1, 2, 3], (n) => (n === 2 ? undefined : n));
    expect(out).toEqual([1, undefined, 3]);
    expect(Object.keys(out)).toEqual(['0', '1', '2']);
    expect(out.includes(undefined)).toBe(true);
  });
});

describe('emptyArray', () => {
  it('gives a new empty array each time, which holds what is pushed into it', () => {
    const a = emptyArray<{ n: number }>();
    const b = emptyArray<{ n: number }>();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    a.push({ n: 1 });
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([]);
  });
});
