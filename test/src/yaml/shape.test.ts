import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CST, Parser, parse, parseAllDocuments } from 'yaml';
import { cstData } from '../../../src/yaml/cst-data.ts';
import { hasShape, shapeColumn, shapeOf, textOffset, wordsOf } from '../../../src/yaml/shape.ts';
import { ShapedText } from '../../../src/yaml/shaped-text.ts';
import { Template } from '../../../src/yaml/template.ts';
import { TemplateMemo } from '../../../src/yaml/template-memo.ts';
import { loadCorpus } from '../manifests/corpus.ts';
import { word, yamlish } from './yamlish.ts';

describe('shapeOf', () => {
  it.each([
    ['name: istiod\n', 'name: ~\n'],
    ['version: "1.19.5" # pinned by the platform team\n', 'version: "~" # ~ ~ ~ ~ ~\n'],
    ['replicas: 2\n', 'replicas: ~\n'],
    ['url: https://loki.us-east-1.example.com/loki/api/v1/push\n', 'url: ~:~\n'],
    [
      '- { name: c00001, batch: test, eks: { name: c00001 } }\n',
      '- { name: ~, batch: ~, eks: { name: ~ } }\n',
    ],
    ['arn: "arn:aws:iam::111111111111:role/guard"\n', 'arn: "~:~:~::~:~"\n'],
  ])('replaces the words of %j that are not keys', (text, shape) => {
    expect(shapeOf(text)).toBe(shape);
  });

  it.each([
    [
      'anchors, aliases and tags',
      'a: &anchor x\nb: *anchor\nc: !!str 1\n',
      'a: &anchor ~\nb: *anchor\nc: !!str ~\n',
    ],
    ['block scalar headers', 'a: |2-\n  text\n', 'a: |2-\n  ~~\n'],
    ['escapes', 'a: "\\x41b"\n', 'a: "\\x41b"\n'],
    ['document markers and indicators', '---\n- -1\n- .5\n...\n', '---\n- -1\n- .5\n...\n'],
  ])('keeps %s as written', (_, text, shape) => {
    expect(shapeOf(text)).toBe(shape);
  });

  it('gives documents that differ only in their words one shape, whatever the widths', () => {
    const a =
      'metadata:\n  name: istiod-c1\nspec:\n  values:\n    cpu: 500m\n    zone: us-east-1a # primary\n';
    const b =
      'metadata:\n  name: istiod-c00042\nspec:\n  values:\n    cpu: 1500m\n    zone: eu-west-1 # fallback\n';

    expect(shapeOf(a)).toBe(shapeOf(b));
    expect(hasShape(b, 0, b.length, shapeOf(a))).toBe(true);
    expect(hasShape(b.replace('cpu', 'cpus'), 0, b.length + 1, shapeOf(a))).toBe(false);
  });

  it('keeps one-character and longer words apart where a line begins, as the lexer looks two characters ahead there', () => {
    expect(shapeOf('a b\n')).not.toBe(shapeOf('ab b\n'));
    expect(shapeOf('  a: |\n    x\n')).not.toBe(shapeOf('  a: |\n    xy\n'));
    expect(shapeOf('k: a\n- b\n')).toBe(shapeOf('k: abc\n- bcd\n'));
  });

  it('maps columns between a line and its shape both ways', () => {
    const text = 'x: https://example.com/a, "b c" # d\n';
    const shape = shapeOf(text);

    for (const [offset, column] of [
      [0, 0],
      [3, 3],
      [26, shape.indexOf('"')],
      [text.indexOf('#'), shape.indexOf('#')],
    ] as const) {
      expect(shapeColumn(text, 0, offset, 0, text.length)).toBe(column);
      expect(textOffset(text, 0, column, 0, text.length)).toBe(offset);
    }
    expect(shapeColumn(text, 0, 5, 0, text.length)).toBe(-1);
  });
});

/** The CST of `text`, and the CST of its shape with every offset and source mapped back to `text`. */
function bothTrees(text: string): { original: unknown; mapped: unknown } {
  const view = new ShapedText(text, 0, text.length, new Template(text));
  const mapTree = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(mapTree);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = mapTree(value);
    const token = node as { offset?: number; source?: string };
    if (typeof token.offset === 'number') out.offset = view.offsetOf(token.offset);
    if (typeof token.offset === 'number' && typeof token.source === 'string')
      out.source = view.source(node as { offset: number; source: string });
    // The lexer's complaint quotes the token; shapes are only ever asked whether there is one.
    if (typeof out.message === 'string' && out.message.startsWith('Not a YAML token: '))
      out.message = `Not a YAML token: ${out.source}`;
    return out;
  };
  return {
    original: JSON.parse(JSON.stringify([...new Parser().parse(text)])),
    mapped: JSON.parse(JSON.stringify(mapTree(view.template.tokens))),
  };
}

/** The shape as wordsOf's words define it, built the slow way: each word replaced in turn. */
function shapeByWords(text: string): string {
  let out = '';
  let last = 0;
  for (const [from, to] of wordsOf(text)) {
    const leads = /(^|\n) *$/.test(text.slice(0, from));
    out += text.slice(last, from) + (to - from > 1 && leads ? '~~' : '~');
    last = to;
  }
  return out + text.slice(last);
}

describe('shapeOf in one pass', () => {
  it('replaces exactly the words wordsOf finds', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        expect(shapeOf(text)).toBe(shapeByWords(text));
      }),
      { numRuns: 2000 },
    );
    for (const file of loadCorpus()) expect(shapeOf(file.text)).toBe(shapeByWords(file.text));
  });
});

describe('a text and its shape', () => {
  it('parse to the same CST, token for token, once offsets and sources are mapped back', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const { original, mapped } = bothTrees(text);

        expect(mapped).toEqual(original);
      }),
      { numRuns: 400 },
    );
  });

  for (const file of loadCorpus())
    it(`parse to the same CST for ${file.name}`, () => {
      const { original, mapped } = bothTrees(file.text);

      expect(mapped).toEqual(original);
    });
});

/** `text` with every word replaced by another of the same length class (one character, or more). */
function rewordOf(text: string, words: readonly string[]): string {
  let out = '';
  let last = 0;
  for (const [k, [from, to]] of wordsOf(text).entries()) {
    const w = words[k % words.length]!;
    out += text.slice(last, from) + (to - from === 1 ? w[0]! : w.length > 1 ? w : `${w}0`);
    last = to;
  }
  return out + text.slice(last);
}

/** The shape of `text` as `template` reads shapes: with every \r\n a \n when it stands for both. */
function shapeAsRead(template: Template, text: string): string {
  return template.anyBreak ? shapeOf(text).replace(/\r\n/g, '\n') : shapeOf(text);
}

describe('a template matcher', () => {
  it('accepts exactly the texts of its shape', () => {
    fc.assert(
      fc.property(yamlish, yamlish, fc.array(word, { minLength: 1, maxLength: 5 }), (a, b, words) => {
        const template = new Template(a);
        const reworded = rewordOf(a, words);

        expect(template.matches(reworded, 0, reworded.length)).toBe(true);
        expect(shapeAsRead(template, reworded)).toBe(template.shape);
        // A literal `~` in one text and a word in the other make equal shapes the matcher tells apart:
        // that costs a second template, never a wrong one.
        if (template.matches(b, 0, b.length)) expect(shapeAsRead(template, b)).toBe(template.shape);
        if (!a.includes('~') && !b.includes('~') && shapeAsRead(template, b) === template.shape)
          expect(template.matches(b, 0, b.length)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('a text with CRLF line breaks and its LF twin', () => {
  const lineBreaks = fc.constantFrom('\n', '\r\n');
  const lines = fc
    .array(fc.tuple(yamlish, lineBreaks), { maxLength: 8 })
    .map((parts) => parts.map(([text, end]) => text.replace(/\r?\n/g, ' ') + end).join(''));

  it('share a template exactly when its CST holds every line break in a newline token of its own', () => {
    fc.assert(
      fc.property(lines, (crlf) => {
        const lf = crlf.replace(/\r\n/g, '\n');
        if (lf === crlf) return;
        const memo = new TemplateMemo();
        const forLf = memo.of(lf, 0, lf.length, 0);
        const forCrlf = memo.of(crlf, 0, crlf.length, 0);

        expect(forCrlf === forLf).toBe(forLf.anyBreak);
        if (!forLf.anyBreak) return;
        expect(forCrlf.shape).toBe(shapeOf(lf));
        // The yaml library reads them alike: the same CST (bothTrees) and the same errors, if any.
        expect(bothTrees(crlf).mapped).toEqual(bothTrees(crlf).original);
        const errors = (text: string) =>
          parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.code) : []));
        expect(errors(crlf)).toEqual(errors(lf));
        const view = new ShapedText(crlf, 0, crlf.length, forCrlf);
        expect(view.mayBeBroken()).toBe(new ShapedText(lf, 0, lf.length, forLf).mayBeBroken());
      }),
      { numRuns: 600 },
    );
  });

  it('keep a broken shape to a template of its own: around an error the lexer may read CRLF unlike LF', () => {
    // Found by the property above (seed -582168959): a tab-indented line after a block scalar
    // header; as LF the lexer ends the scalar at the line break, as CRLF it reads on into the next.
    const crlf = '|2\n\ta_\nA\r\n';
    const lf = crlf.replace(/\r\n/g, '\n');
    const memo = new TemplateMemo();
    const forLf = memo.of(lf, 0, lf.length, 0);
    const forCrlf = memo.of(crlf, 0, crlf.length, 0);

    expect(forLf.broken).toBe(true);
    expect(forLf.anyBreak).toBe(false);
    expect(forCrlf).not.toBe(forLf);
    // Broken, each is composed in full for its message: neither template's tree is read.
    expect(new ShapedText(crlf, 0, crlf.length, forCrlf).mayBeBroken()).toBe(true);
  });

  it('keep a scalar that spans lines, or a lone \r, to templates of their own', () => {
    const block = (end: string) => `a: |${end}  one${end}  two${end}b: "x${end}  y"${end}`;
    const lone = 'a: x\ry\r\nb: z\r\n';
    const memo = new TemplateMemo();

    expect(memo.of(block('\r\n'), 0, block('\r\n').length)).not.toBe(
      memo.of(block('\n'), 0, block('\n').length),
    );
    expect(memo.of(block('\n'), 0, block('\n').length).anyBreak).toBe(false);
    expect(new Template(lone).anyBreak).toBe(false);
    expect(new Template(lone).shape).toBe(shapeOf(lone));
    expect(bothTrees(block('\r\n')).mapped).toEqual(bothTrees(block('\r\n')).original);
  });
});

describe('TemplateMemo', () => {
  it('parses documents of one shape once and reads each in its own text', () => {
    const memo = new TemplateMemo();
    const a = 'kind: HelmRelease\nmetadata: { name: aa }\nspec: { version: "1.2.3" }\n';
    const b = 'kind: HelmRelease\nmetadata: { name: bbbbbb }\nspec: { version: "10.20.30" }\n';

    const ta = memo.of(a, 0, a.length, 0);
    const tb = memo.of(b, 0, b.length, 0);

    expect(tb).toBe(ta);
    expect(memo.size).toBe(1);
    const view = new ShapedText(b, 0, b.length, tb);
    const version = tb.scalarAt(tb.shape.indexOf('"~"'))!;
    expect(view.scalar(version)).toBe('10.20.30');
    expect(view.offset(version)).toBe(b.indexOf('"10.20.30"'));
  });

  it('finds each document its own shape when one slot cycles through shapes of the same and of other lengths', () => {
    const memo = new TemplateMemo();
    const doc = (items: number, quote: string, comment: string) =>
      `spec:\n  version: ${quote}1.2.${items}${quote}${comment}\n  list:\n${'    - x\n'.repeat(items)}`;
    // Four shapes a slot remembers (two of one length), then more than it remembers.
    const few = [doc(1, '', ''), doc(3, '"', ''), doc(2, '', ''), doc(3, '', '')];
    const many = [1, 2, 3].flatMap((n) =>
      ['', '"', "'"].flatMap((q) => ['', ' # pinned'].map((c) => doc(n, q, c))),
    );
    const variants = [...few, ...few, ...few, ...many];
    const seen = new Map<string, unknown>();

    for (let round = 0; round < 3; round += 1) {
      for (const [i, text] of variants.entries()) {
        // Each variant's own words differ per round, so a match is by shape, not by text.
        const own = text.replace('1.2.', `${round + 1}.${i}.`);
        const template = memo.of(own, 0, own.length, 7);
        expect(template.shape).toBe(shapeOf(own));
        expect(template.lines).toBe(own.split('\n').length - 1);
        if (seen.has(template.shape)) expect(seen.get(template.shape)).toBe(template);
        seen.set(template.shape, template);
      }
    }
    expect(memo.size).toBe(new Set(variants).size);
  });

  it('reads every token of a line in order, words after a # inside quotes included, as the text has them', () => {
    const memo = new TemplateMemo();
    const line = (n: string, note: string) =>
      `- { name: ${n}, note: "${note}", region: ${n}-1, eks: { name: ${n} } } # owner: ${n}\n`;
    const first = line('aa', 'x # y: z');
    const other = line('bbbbbbbb', 'xxx # yy: zzzz');
    const template = memo.of(first, 0, first.length, 0);

    expect(memo.of(other, 0, other.length, 0)).toBe(template);
    const view = new ShapedText(other, 0, other.length, template);
    const doc = template.tokens.find((t) => t.type === 'document') as CST.Document;
    const entry = (doc.value as CST.BlockSequence).items[0]!.value;
    expect(cstData(view, entry)).toEqual(parse(other)[0]);
    // Read again from the start, then out of order: the same answers.
    expect(cstData(view, entry)).toEqual(cstData(new ShapedText(other, 0, other.length, template), entry));
  });

  it('marks a shape that repeats a written-out key as broken, and leaves quoted keys to each text', () => {
    const memo = new TemplateMemo();
    const dup = 'a: 1\na: 2\n';
    const quoted = '"x": 1\n"y": 2\n';
    const quotedDup = '"x": 1\n"x": 2\n';

    expect(memo.of(dup, 0, dup.length).broken).toBe(true);
    const template = memo.of(quoted, 0, quoted.length);
    expect(template.broken).toBe(false);
    expect(new ShapedText(quoted, 0, quoted.length, template).mayBeBroken()).toBe(false);
    expect(memo.of(quotedDup, 0, quotedDup.length)).toBe(template);
    expect(new ShapedText(quotedDup, 0, quotedDup.length, template).mayBeBroken()).toBe(true);
  });
});
