import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { spliceVersions } from '../../../src/manifests/splice.ts';
import type { VersionField } from '../../../src/manifests/version-field.ts';
import {
  type CorpusFile,
  changedLines,
  expectedStyle,
  lineIndexAt,
  loadCorpus,
  readFields,
  replaceRanges,
} from './corpus.ts';

const SINGLE_RUNS = 30;
const MULTI_RUNS = 40;

// ---- new version strings ------------------------------------------------------------------------

const identifier = fc.stringMatching(/^[0-9A-Za-z-]{1,8}$/);
const numeric = fc.nat({ max: 250 }).map(String);

/** SemVer 2.0 versions, with and without prerelease and build metadata, with and without `v`. */
const semver = fc
  .record({
    v: fc.boolean(),
    major: numeric,
    minor: numeric,
    patch: numeric,
    pre: fc.option(fc.array(fc.oneof(numeric, identifier), { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    build: fc.option(fc.array(identifier, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  })
  .map(
    ({ v, major, minor, patch, pre, build }) =>
      `${v ? 'v' : ''}${major}.${minor}.${patch}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build.join('.')}` : ''}`,
  );

/** Strings that YAML reads as something other than the same string when written plain. */
const notPlainSafe = fc.oneof(
  fc.constantFrom(
    '1.20',
    '1.0',
    '2',
    '10',
    '6.10',
    '0x1F',
    '0o17',
    '0777',
    '1e3',
    '1E-3',
    '+12',
    '-1',
    'true',
    'True',
    'FALSE',
    'false',
    'null',
    'Null',
    'NULL',
    '~',
    '.inf',
    '-.Inf',
    '.NaN',
    '1_000',
  ),
  fc.tuple(fc.nat({ max: 99 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}0`),
  fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 })).map(([a, b]) => `${a}e${b}`),
  fc.nat().map(String),
);

/** Strings holding YAML syntax: comments, mapping indicators, quotes, escapes, flow and node markers. */
const yamlSyntax = fc.constantFrom(
  '1.2.3 # pinned',
  '1.2.3#4',
  '#1.2.3',
  'a: b',
  '1.2.3: x',
  'key:value',
  "it's",
  "''",
  'say "hi"',
  '"',
  "'",
  '"1.2.3"',
  "'1.2.3'",
  'C:\\charts\\1.2',
  '\\',
  '\\n',
  '\\"',
  '- 1.2.3',
  '-',
  '[1.2.3]',
  '{1.2.3}',
  '1.2.3,4',
  '&v',
  '*v',
  '!!str 1',
  '%YAML',
  '@latest',
  '`x`',
  '| x',
  '> x',
  '? x',
  '---',
  '...',
  '--- 1',
  ' 1.2.3',
  '1.2.3 ',
  '  ',
  'release/1.2',
  'v1.2.3_beta',
  'ä1.0',
  '1.0-ünïcode',
  '🚀 1.0',
  '中文版',
  '1.2.3\t# tab',
  '1.2.3 \\ "x" \'y\' # z: w',
);

/** Arbitrary printable text, ASCII mostly, with some non-ASCII characters mixed in. */
const printable = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '中', '€', '🚀', '\u00a0', 'ü') },
  ),
  minLength: 1,
  maxLength: 24,
});

const newVersion = fc.oneof(
  { weight: 4, arbitrary: semver },
  { weight: 2, arbitrary: notPlainSafe },
  { weight: 2, arbitrary: yamlSyntax },
  { weight: 2, arbitrary: printable },
);

// ---- the corpus and its fields ------------------------------------------------------------------

const corpus = loadCorpus();

function fieldsOf(file: CorpusFile): VersionField[] {
  return readFields(file.file, file.text, Object.keys(file.charts)).fields;
}

const fieldCases = corpus.flatMap((file) =>
  fieldsOf(file).map((field, index) => ({
    name: `${file.name}: ${field.resource} ${field.field}`,
    file,
    index,
  })),
);

interface AppliedEdit {
  index: number;
  to: string;
  /** The text the splice put in place of the scalar. */
  written: string;
}

/**
 * The fields a re-read of the edited file must report: the same fields in the same order, the
 * edited ones with their new value and quoting, every one moved by the length changes before it.
 */
function expectedFieldsAfter(text: string, before: readonly VersionField[], edits: readonly AppliedEdit[]) {
  return before.map((f, i) => {
    let shift = 0;
    let colShift = 0;
    for (const e of edits) {
      const g = before[e.index]!;
      if (g.end > f.start) continue;
      const delta = e.written.length - (g.end - g.start);
      shift += delta;
      if (lineIndexAt(text, g.start) === lineIndexAt(text, f.start)) colShift += delta;
    }
    const start = f.start + shift;
    const edit = edits.find((e) => e.index === i);
    if (!edit) return { ...f, start, end: f.end + shift, col: f.col + colShift };
    return {
      ...f,
      start,
      end: start + edit.written.length,
      col: f.col + colShift,
      value: edit.to,
      style: expectedStyle(f.style, edit.to),
    };
  });
}

/** Splices one field and returns what replaced its scalar, checking every other byte is unchanged. */
function spliceOne(text: string, field: VersionField, to: string): { out: string; written: string } {
  const out = spliceVersions(text, [{ field, to }]);
  const prefix = text.slice(0, field.start);
  const suffix = text.slice(field.end);
  expect(out.length).toBeGreaterThanOrEqual(prefix.length + suffix.length);
  expect(out.slice(0, prefix.length)).toBe(prefix);
  expect(out.slice(out.length - suffix.length)).toBe(suffix);
  return { out, written: out.slice(prefix.length, out.length - suffix.length) };
}

describe('the manifest corpus', () => {
  for (const file of corpus)
    it(`${file.name} holds at least one version field`, () => {
      const charts = Object.keys(file.charts);

      const { fields } = readFields(file.file, file.text, charts);

      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) expect(file.text.slice(f.start, f.end)).not.toMatch(/[\r\n]/);
    });
});

for (const { name, file, index } of fieldCases)
  describe(`spliceVersions on ${name}`, () => {
    it('leaves every byte outside the scalar unchanged', () => {
      const field = fieldsOf(file)[index]!;

      fc.assert(
        fc.property(newVersion, (to) => {
          const { written } = spliceOne(file.text, field, to);

          expect(written).not.toMatch(/[\r\n]/);
        }),
        { numRuns: SINGLE_RUNS },
      );
    });

    it('re-reads the same fields with only the new value changed', () => {
      const charts = Object.keys(file.charts);
      const before = readFields(file.file, file.text, charts).fields;

      fc.assert(
        fc.property(newVersion, (to) => {
          const { out, written } = spliceOne(file.text, before[index]!, to);
          const after = readFields(file.file, out, charts);

          expect(after.diagnostics).toEqual([]);
          expect(after.fields).toEqual(expectedFieldsAfter(file.text, before, [{ index, to, written }]));
        }),
        { numRuns: SINGLE_RUNS },
      );
    });

    it('keeps the quoting style, double-quoting only plain-unsafe values', () => {
      const field = fieldsOf(file)[index]!;

      fc.assert(
        fc.property(newVersion, (to) => {
          const { written } = spliceOne(file.text, field, to);

          const style = expectedStyle(field.style, to);
          if (style === 'plain') expect(written).toBe(to);
          if (style === 'single') expect(written).toMatch(/^'.*'$/s);
          if (style === 'double') expect(written).toMatch(/^".*"$/s);
          expect(parse(written)).toBe(to);
        }),
        { numRuns: SINGLE_RUNS },
      );
    });

    it('changes only the line holding the scalar', () => {
      const field = fieldsOf(file)[index]!;
      const line = lineIndexAt(file.text, field.start);

      fc.assert(
        fc.property(newVersion, (to) => {
          const out = spliceVersions(file.text, [{ field, to }]);

          expect(out.split('\n').length).toBe(file.text.split('\n').length);
          for (const changed of changedLines(file.text, out)) expect(changed).toBe(line);
        }),
        { numRuns: SINGLE_RUNS },
      );
    });
  });

const files = corpus.map((file) => ({ name: file.name, file, fields: fieldsOf(file) }));

for (const { name, file, fields } of files)
  describe(`spliceVersions on several fields at once of ${name}`, () => {
    /** Some of the file's fields, in any order, each with a new version. */
    const editsOf = (fields: readonly VersionField[]) =>
      fc
        .uniqueArray(fc.nat({ max: fields.length - 1 }), { minLength: 1, maxLength: fields.length })
        .chain((indices) =>
          fc
            .array(newVersion, { minLength: indices.length, maxLength: indices.length })
            .map((tos) => indices.map((index, k) => ({ index, to: tos[k]! }))),
        );

    it('equals the single-field splices combined, bytes outside the scalars unchanged', () => {
      fc.assert(
        fc.property(editsOf(fields), (edits) => {
          const singles = edits.map(({ index, to }) => spliceOne(file.text, fields[index]!, to).written);

          const out = spliceVersions(
            file.text,
            edits.map(({ index, to }) => ({ field: fields[index]!, to })),
          );

          const expected = replaceRanges(
            file.text,
            edits.map(({ index }, k) => ({
              start: fields[index]!.start,
              end: fields[index]!.end,
              text: singles[k]!,
            })),
          );
          expect(out).toBe(expected);
        }),
        { numRuns: MULTI_RUNS },
      );
    });

    it('re-reads the same fields with only the edited values and their quoting changed', () => {
      const charts = Object.keys(file.charts);

      fc.assert(
        fc.property(editsOf(fields), (edits) => {
          const applied = edits.map(({ index, to }) => ({
            index,
            to,
            written: spliceOne(file.text, fields[index]!, to).written,
          }));

          const out = spliceVersions(
            file.text,
            edits.map(({ index, to }) => ({ field: fields[index]!, to })),
          );
          const after = readFields(file.file, out, charts);

          expect(after.diagnostics).toEqual([]);
          expect(after.fields).toEqual(expectedFieldsAfter(file.text, fields, applied));
        }),
        { numRuns: MULTI_RUNS },
      );
    });

    it('changes only the lines holding the edited scalars', () => {
      fc.assert(
        fc.property(editsOf(fields), (edits) => {
          const out = spliceVersions(
            file.text,
            edits.map(({ index, to }) => ({ field: fields[index]!, to })),
          );

          const edited = new Set(edits.map(({ index }) => lineIndexAt(file.text, fields[index]!.start)));
          expect(out.split('\n').length).toBe(file.text.split('\n').length);
          for (const changed of changedLines(file.text, out)) expect(edited).toContain(changed);
        }),
        { numRuns: MULTI_RUNS },
      );
    });
  });
