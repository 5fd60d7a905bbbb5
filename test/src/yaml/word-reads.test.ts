// The shortcuts that read or replace one word without working out a line's shape: each is held to
// the slow way it stands for, on YAML-like text built from fragments (broken YAML included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CST, Parser } from 'yaml';
import { sameWordShape, shapeOf } from '../../../src/yaml/shape.ts';
import { ShapedText } from '../../../src/yaml/shaped-text.ts';
import { Template } from '../../../src/yaml/template.ts';
import { fragment, word } from './yamlish.ts';

/** YAML-like text with words weighted up: most scalars are then one placeholder. */
const wordy = fc
  .array(fc.oneof(fragment, word, word, word), { maxLength: 50 })
  .map((parts) => parts.join(''));

/** Pairs of flow scalar tokens at the same place in two CSTs of one structure. */
function* scalarPairs(a: unknown, b: unknown): Generator<[CST.FlowScalar, CST.FlowScalar]> {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) yield* scalarPairs(a[i], b[i]);
    return;
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return;
  const type = (a as { type?: string }).type;
  if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar')
    yield [a as CST.FlowScalar, b as CST.FlowScalar];
  for (const key of Object.keys(a))
    if (key !== 'source') yield* scalarPairs((a as never)[key], (b as never)[key]);
}

describe('ShapedText.scalar', () => {
  it('reads every plain and quoted scalar as the yaml library resolves it in the text itself', () => {
    let words = 0;
    fc.assert(
      fc.property(wordy, (text) => {
        const template = new Template(text);
        const view = new ShapedText(text, 0, text.length, template);
        const original = [...new Parser().parse(text)];
        for (const [shaped, written] of scalarPairs(template.tokens, original)) {
          let failed = false;
          const value = CST.resolveAsScalar(written, true, () => {
            failed = true;
          })?.value;
          if (failed) continue;
          if (/^(~~?|"~"|'~')$/.test(shaped.source)) words += 1;
          expect(view.scalar(shaped)).toBe(value);
        }
      }),
      { numRuns: 1500 },
    );
    // The one-word reading was taken often enough to have been tested.
    expect(words).toBeGreaterThan(300);
  });

  it.each([
    ['A~', 'A~'],
    ['a: A~\n', 'A~'],
    ['- AB~\n', 'AB~'],
    ['a: AB\n', 'AB'],
    ['a: "B"\n', 'B'],
    ["a: 'B'\n", 'B'],
    ['a: ~\n', '~'],
  ])('reads the last scalar of %j as %j', (text, value) => {
    const template = new Template(text);
    const view = new ShapedText(text, 0, text.length, template);
    const pairs = [...scalarPairs(template.tokens, [...new Parser().parse(text)])];
    const [shaped, written] = pairs.at(-1)!;
    expect(CST.resolveAsScalar(written)?.value).toBe(value);
    expect(view.scalar(shaped)).toBe(value);
  });
});

describe('sameWordShape', () => {
  const scalar = fc.oneof(
    word,
    word.map((w) => `"${w}"`),
    word.map((w) => `'${w}'`),
    fc.constantFrom('', '""', "''", '"a b"', 'a:b', '1.2#x', "'it''s'", '"\\t"', '~', '-1', '"1'),
  );
  // Where a scalar may start (after white space or a flow indicator, or at a line's start), and
  // what may follow it.
  const before = fc.constantFrom(
    '',
    '  ',
    'version: ',
    '  tag: ',
    '- ',
    '  - ',
    '{ v: ',
    '[',
    'a: [x, ',
    '# c\n',
  );
  const after = fc.constantFrom('', '\n', ' # pinned', ', b: c }', ']', ':', ': x', ':x', '\r\n', ' ', '#');

  it('holds only where the whole line keeps its shape', () => {
    let held = 0;
    fc.assert(
      fc.property(before, scalar, scalar, after, (head, a, b, tail) => {
        if (!sameWordShape(a, b, tail.length ? tail.charCodeAt(0) : Number.NaN)) return;
        held += 1;
        expect(shapeOf(head + b + tail)).toBe(shapeOf(head + a + tail));
      }),
      { numRuns: 4000 },
    );
    expect(held).toBeGreaterThan(250);
  });

  it.each([
    ['1.19.5', '1.20.1', '\n', true],
    ['"1.19.5"', '"1.20.1"', ' ', true],
    ["'1.19.5'", "'1.20.1'", '\n', true],
    ['1.19.5', '"1.20.1"', '\n', false],
    ['"1.19.5"', "'1.20.1'", '\n', false],
    ['1', '12', '\n', false],
    ['1.19.5', '1.20.1', ':', false],
    ['"1.19.5"', '"1.20 rc"', '\n', false],
  ])('%j for %j before %j: %s', (a, b, tail, expected) => {
    expect(sameWordShape(a, b, tail.charCodeAt(0))).toBe(expected);
  });
});
