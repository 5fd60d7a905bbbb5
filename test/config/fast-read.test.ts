import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fastRead } from '../../src/load/fast-read.ts';
import { DEFAULT_YAML_LIMITS } from '../../src/yaml/limits.ts';
import { TemplateMemo } from '../../src/yaml/template-memo.ts';

/** What the full path reads: the data of the one document, when it parses without error. */
function fullRead(text: string): { data: unknown; ok: boolean } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { data: undefined, ok: false };
  try {
    return { data: doc.toJS({ maxAliasCount: DEFAULT_YAML_LIMITS.maxAliasCount }), ok: true };
  } catch {
    return { data: undefined, ok: false };
  }
}

/** Scalars as people write them: names, numbers, bools and nulls YAML types, quoted text. */
const sound = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_./-]{0,12}$/) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'c00042',
      'us-east-1',
      '123',
      '0x1F',
      '0o17',
      '1e3',
      '1.20',
      '.inf',
      '-.5',
      '+12',
      'true',
      'True',
      'yes',
      'null',
      '~',
      '',
      '"quoted: yes # no"',
      "'single ''quote'''",
      '"esc \\t \\u00e9 \\"x\\""',
      'https://loki.example.com:3100/push',
      'arn:aws:iam::111111111111:role/guard',
      'x # comment',
      '[a, 1, true]',
      '{ a: 1, b: [x] }',
      'Zürich',
      'a b  c',
    ),
  },
);

/** And as they break them. */
const broken = fc.constantFrom(
  '"bad \\q escape"',
  '"unclosed',
  'a: b',
  '&anchor v',
  '*alias',
  '!!str 12',
  '@reserved',
  '`tick',
  '- dash',
  '? key',
  '|\n      block',
  '[open',
);
const scalar = fc.oneof({ weight: 12, arbitrary: sound }, { weight: 1, arbitrary: broken });
const keys = ['name', 'batch', 'environment', 'region', 'eks', 'kubeconfig', '"quoted"', 'constructor'];
const key = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...keys) },
  { weight: 1, arbitrary: fc.constantFrom('<<', '1', 'null') },
);
const pairs = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.uniqueArray(fc.tuple(key, scalar), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
  },
  { weight: 1, arbitrary: fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 4 }) },
);

/** One `clusters` entry: a flow map on one line or a block map, with the odd comment or bad indent. */
const entry = fc.oneof(
  { weight: 5, arbitrary: pairs.map((ps) => `  - { ${ps.map(([k, v]) => `${k}: ${v}`).join(', ')} }`) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(pairs, fc.constantFrom('    ', '    ', '    ', '   ', '     ', '\t'))
      .map(([ps, indent]) => ps.map(([k, v], i) => `${i ? indent : '  - '}${k}: ${v}`).join('\n')),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '  # a comment between entries',
      '',
      '# a comment at the margin',
      '  -',
      '  - just-a-string',
    ),
  },
);

const fleetText = fc
  .tuple(
    fc.array(entry, { maxLength: 8 }),
    fc.constantFrom('\n', '\n', '\r\n'),
    fc.constantFrom(
      'clusters:',
      'clusters:',
      'clusters:   # the registry',
      'clusters: []',
      'clusters:\n  # leading',
    ),
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('', 'services: {}\n', 'windows:\n  - { days: [mon] }\n') },
      { weight: 1, arbitrary: fc.constant('clusters:\n  - { name: again }\n') },
    ),
  )
  .map(([entries, eol, head, tail]) =>
    ['apiVersion: guard/v1', 'kind: Fleet', 'batches: [test, prod]', head, ...entries, tail]
      .join('\n')
      .replace(/\n/g, eol),
  );

describe('fastRead', () => {
  it('reads what the full parse reads, or declines', () => {
    fc.assert(
      fc.property(fleetText, (text) => {
        const fast = fastRead(text, DEFAULT_YAML_LIMITS, new TemplateMemo());

        if (fast === undefined) return;
        const full = fullRead(text);
        expect(full.ok).toBe(true);
        // node's comparison, not toStrictEqual: that one reads an own `constructor` key as the type.
        expect(isDeepStrictEqual(fast, full.data)).toBe(true);
      }),
      { numRuns: 2500 },
    );
  });

  it('reads the example fleet without composing its list of clusters', () => {
    const text = readFileSync(new URL('../../examples/fleet/guard/fleet.yaml', import.meta.url), 'utf8');
    const memo = new TemplateMemo();

    const fast = fastRead(text, DEFAULT_YAML_LIMITS, memo);

    expect(fast).toStrictEqual(fullRead(text).data);
    expect(memo.size).toBeGreaterThan(0);
    expect(memo.size).toBeLessThan((fast as { clusters: unknown[] }).clusters.length);
  });

  it.each([
    ['an alias', 'clusters:\n  - &a { name: x }\n  - *a\n'],
    ['a second document', 'clusters:\n  - { name: x }\n---\nkind: Fleet\n'],
    ['a tab for indentation', 'clusters:\n  - name: x\n\tbatch: y\n'],
    ['a duplicate key in an entry', 'clusters:\n  - { name: x, name: y }\n'],
    ['a file over the size limit', `clusters:\n${'  - { name: x }\n'.repeat(80_000)}`],
  ])('declines a fleet with %s', (_, text) => {
    expect(fastRead(text, DEFAULT_YAML_LIMITS, new TemplateMemo())).toBeUndefined();
  });
});
