// plainValue's shortcut (a scalar whose first character no core-schema tag accepts is a string)
// against the long way through the yaml library's own tags; cstData, whose maps are planned once
// per template, against the yaml library's own reading of each document sharing the template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CST, parse } from 'yaml';
import { cstData, plainValue, taggedValue, UNUSUAL } from '../../../src/yaml/cst-data.ts';
import { wordsOf } from '../../../src/yaml/shape.ts';
import { ShapedText } from '../../../src/yaml/shaped-text.ts';
import { Template } from '../../../src/yaml/template.ts';

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

const KEYS = [
  'name',
  'batch',
  '"quoted"',
  "'single'",
  '"~x"',
  'constructor',
  '__proto__',
  'toString',
  '<<',
  'true',
  '1',
  'null',
  '"a"',
];
const key = fc.constantFrom(...KEYS);
const word = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,5}$/);
const scalar = fc.oneof(
  word,
  word.map((w) => `"${w}"`),
  fc.constantFrom('1', 'true', '~', "'x y'", '&a v', '*a', '!!str 5'),
);
const flowMap = fc
  .array(fc.tuple(key, scalar), { minLength: 1, maxLength: 4 })
  .map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
const block = fc
  .array(fc.tuple(key, fc.oneof(scalar, flowMap)), { minLength: 1, maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}\n`).join(''));

/** `text` with each word replaced by another of its length class: a text of the same shape. */
function reworded(text: string, salt: number): string {
  let out = '';
  let last = 0;
  for (const [k, [from, to]] of wordsOf(text).entries()) {
    const w = `w${(k + salt) % 7}`;
    out += text.slice(last, from) + (to - from === 1 ? String((k + salt) % 9) : w);
    last = to;
  }
  return out + text.slice(last);
}

describe('cstData', () => {
  it('reads each document of a template as the yaml library does, its maps planned once for all', () => {
    let compared = 0;
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: 50 }), (first, salt) => {
        const template = new Template(first);
        if (template.broken) return;
        for (const text of [first, reworded(first, salt), reworded(first, salt + 1)]) {
          if (!template.matches(text, 0, text.length)) continue;
          const view = new ShapedText(text, 0, text.length, template);
          if (view.mayBeBroken()) continue;
          const doc = template.tokens.find((t) => t.type === 'document') as CST.Document;
          const data = cstData(view, doc.value);
          if (data === UNUSUAL) continue;
          compared += 1;
          expect(data).toEqual(parse(text));
          expect(Object.getOwnPropertyNames(data)).toEqual(Object.getOwnPropertyNames(parse(text)));
        }
      }),
      { numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});
