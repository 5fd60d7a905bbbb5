import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../../src/rollout/json-equal.ts';

/** What sameJson used to compare: JSON with every object's keys sorted. */
const sortedJson = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );

/** A small deterministic generator of JSON-ish values, undefined, NaN and dates included. */
function valueFrom(seed: number, depth = 0): unknown {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s;
  };
  const pick = next() % (depth > 2 ? 7 : 10);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return next() % 3;
    case 3:
      return ['a', 'b', ''][next() % 3];
    case 4:
      return next() % 2 === 0;
    case 5:
      return [Number.NaN, Number.POSITIVE_INFINITY, 0][next() % 3];
    case 6:
      return new Date(Date.UTC(2026, 0, 1 + (next() % 2)));
    case 7:
    case 8: {
      const out: Record<string, unknown> = {};
      const keys = ['x', 'y', 'z'].filter(() => next() % 2 === 0);
      for (const k of keys) out[k] = valueFrom(next(), depth + 1);
      return out;
    }
    default:
      return Array.from({ length: next() % 3 }, () => valueFrom(next(), depth + 1));
  }
}

describe('jsonEqual', () => {
  it('agrees with comparing key-sorted JSON on thousands of generated pairs', () => {
    let equal = 0;
    for (let i = 0; i < 4000; i++) {
      const a = valueFrom(i);
      const b = valueFrom(i % 97 === 0 ? i : (i * 7) % 400);
      const expected = sortedJson(a) === sortedJson(b);
      if (expected) equal += 1;
      expect(jsonEqual(a, b), `${sortedJson(a)} vs ${sortedJson(b)}`).toBe(expected);
    }
    expect(equal).toBeGreaterThan(100); // both answers were exercised
  });

  it('ignores key order and absent keys, not values', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: '1' }, { a: 1 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
