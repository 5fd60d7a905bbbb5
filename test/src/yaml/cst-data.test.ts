// plainValue's shortcut (a scalar whose first character no core-schema tag accepts is a string)
// against the long way through the yaml library's own tags.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plainValue, taggedValue } from '../../../src/yaml/cst-data.ts';

/** Tails that complete some tag's match after a first character: null, bools, ints, floats. */
const TAILS = [
  '',
  'ull',
  'ULL',
  'rue',
  'RUE',
  'alse',
  'ALSE',
  '1',
  '23',
  'o7',
  'x1f',
  '.5',
  'e3',
  '1e3',
  'inf',
  'nan',
  'NaN',
];

describe('plainValue', () => {
  it('reads as a string any scalar whose first character no tag accepts, for every first character', () => {
    const shortcut: string[] = [];
    for (let c = 0; c < 0x10000; c += 1) {
      const first = String.fromCharCode(c);
      for (const tail of TAILS) {
        const text = first + tail;
        if (taggedValue(text) === text) continue;
        // A tag took it: the shortcut must not claim it.
        if (plainValue(text) === text) shortcut.push(JSON.stringify(text));
      }
    }
    expect(shortcut).toEqual([]);
  });

  it('gives what the tags give, and what the composer gives, for any scalar', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '~',
        'null',
        'Null',
        'NULL',
        'true',
        'False',
        '0o17',
        '0x1F',
        '-12',
        '+3.5',
        '.inf',
        '-.Inf',
        '.nan',
        '1e-3',
        '.5',
        '5.',
        'c00007',
        'us-east-1',
      ),
    );
    fc.assert(
      fc.property(scalar, (text) => {
        expect(plainValue(text)).toEqual(taggedValue(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['~', 'True', '0x1F', '-.Inf', '1e3', 'c00007', 'us-east-1', 'prod-wave-2'])
      expect(plainValue(text)).toEqual(parse(`v: ${text}`).v);
  });
});
