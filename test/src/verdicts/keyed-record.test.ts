import { describe, expect, it } from 'vitest';
import { keyedRecord } from '../../../src/verdicts/keyed-record.ts';

describe('a keyed record', () => {
  it('starts empty and is a plain object, as a literal is', () => {
    const record = keyedRecord<number>();

    expect(Object.keys(record)).toEqual([]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(JSON.stringify(record)).toBe('{}');
  });

  it('keeps a thousand keys in the order they were set, and writes the JSON a literal would', () => {
    const names = Array.from({ length: 1003 }, (_, i) => `cluster-${(i * 7919) % 1003}`);
    const record = keyedRecord<string>();
    const literal: Record<string, string> = {};

    for (const name of names) {
      record[name] = `${name}!`;
      literal[name] = `${name}!`;
    }
    record[names[5]!] = 'again';
    literal[names[5]!] = 'again';

    expect(Object.keys(record)).toEqual(names);
    expect(JSON.stringify(record)).toBe(JSON.stringify(literal));
    expect(record).toEqual(literal);
  });
});
