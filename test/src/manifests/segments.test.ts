import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../../src/manifests/segments.ts';

/** The segments' texts, for compact expectations. */
function texts(text: string): string[] {
  return splitDocuments(text).segments.map((s) => s.text);
}

describe('splitDocuments', () => {
  it('returns the whole text as one segment when it has no marker', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n';

    const { segments, hasDirectives } = splitDocuments(text);

    expect(segments).toEqual([{ start: 0, end: text.length, text }]);
    expect(hasDirectives).toBe(false);
  });

  it('returns one empty segment for an empty text', () => {
    const { segments } = splitDocuments('');

    expect(segments).toEqual([{ start: 0, end: 0, text: '' }]);
  });

  it('does not start an empty segment for a leading ---', () => {
    const text = '---\na: 1\n---\nb: 2\n';

    const segments = splitDocuments(text).segments;

    expect(segments).toEqual([
      { start: 0, end: 9, text: '---\na: 1\n' },
      { start: 9, end: 18, text: '---\nb: 2\n' },
    ]);
  });

  it('keeps a trailing --- as a last segment of its own', () => {
    const result = texts('a: 1\n---\n');

    expect(result).toEqual(['a: 1\n', '---\n']);
  });

  it('recognises a --- on the last line without a newline', () => {
    const result = texts('a: 1\n---');

    expect(result).toEqual(['a: 1\n', '---']);
  });

  it('treats --- and ... inside an indented block scalar as content, not markers', () => {
    const text = 'data:\n  notes: |\n    ---\n    version: 1.2.3\n    ...\n  other: x\n---\nb: 2\n';

    const result = texts(text);

    expect(result).toEqual([
      'data:\n  notes: |\n    ---\n    version: 1.2.3\n    ...\n  other: x\n',
      '---\nb: 2\n',
    ]);
  });

  it('starts a segment at a --- that has content on the same line', () => {
    const text = 'a: 1\n--- # second\nb: 2\n--- !!map\nc: 3\n---\t{d: 4}\n--- >\n  folded\n';

    const result = texts(text);

    expect(result).toEqual([
      'a: 1\n',
      '--- # second\nb: 2\n',
      '--- !!map\nc: 3\n',
      '---\t{d: 4}\n',
      '--- >\n  folded\n',
    ]);
  });

  it('does not treat ----, ---x, ....  or a --- later in a line as a marker', () => {
    const text = '----\na: ---x\n---x: 1\n....\nb: "--- not a marker"\n';

    const result = texts(text);

    expect(result).toEqual([text]);
  });

  it('ends a document at a ... marker, which stays with the document it ends', () => {
    const text = 'a: 1\n...\n---\nb: 2\n... # end\n';

    const { segments, documents } = splitDocuments(text);

    expect(segments.map((s) => s.text)).toEqual(['a: 1\n...\n', '---\nb: 2\n... # end\n']);
    expect(segments[1]!.start).toBe(text.indexOf('---'));
    expect(documents).toBe(2);
  });

  it('starts a document on the line after a ... marker even without ---', () => {
    const text = 'a: 1\n...\nb: 2\n';

    const { segments, documents } = splitDocuments(text);

    expect(segments.map((s) => s.text)).toEqual(['a: 1\n...\n', 'b: 2\n']);
    expect(documents).toBe(2);
  });

  it('recognises markers followed by CRLF and keeps the CRLF in the segments', () => {
    const text = '---\r\na: 1\r\n--- \r\nb: 2\r\n...\r\n---\r\nc: 3\r\n';

    const result = texts(text);

    expect(result).toEqual(['---\r\na: 1\r\n', '--- \r\nb: 2\r\n...\r\n', '---\r\nc: 3\r\n']);
  });

  it('treats an indented --- in a CRLF block scalar as content', () => {
    const text = 'data:\r\n  x: |\r\n    ---\r\n    y\r\n---\r\nb: 2\r\n';

    const result = texts(text);

    expect(result).toEqual(['data:\r\n  x: |\r\n    ---\r\n    y\r\n', '---\r\nb: 2\r\n']);
  });

  it('reports a %YAML directive', () => {
    const result = splitDocuments('%YAML 1.2\n---\na: 1\n');

    expect(result.hasDirectives).toBe(true);
  });

  it('reports a %TAG directive before a later document', () => {
    const result = splitDocuments('a: 1\n...\n%TAG !e! tag:example.com,2024:\n---\nb: !e!x 2\n');

    expect(result.hasDirectives).toBe(true);
  });

  it('reports a %YAML directive that follows a UTF-8 byte order mark', () => {
    const result = splitDocuments('\uFEFF%YAML 1.2\n---\na: 1\n');

    expect(result.hasDirectives).toBe(true);
  });

  it('does not report a % that is not at the start of a line', () => {
    const result = splitDocuments('a: 100%\nb: |\n  %not-a-directive\nc: "50 %"\n');

    expect(result.hasDirectives).toBe(false);
  });

  it('tiles the text exactly, every segment but the first starting at --- or after a ... line', () => {
    const line = fc.constantFrom(
      'a: 1',
      '  - x',
      '# ---',
      '  ---',
      '    ...',
      '---',
      '--- # c',
      '---\t{a: 1}',
      '...',
      '... # end',
      '----',
      '---x',
      'k: "---"',
      '',
    );
    const stream = fc.record({
      lines: fc.array(line, { maxLength: 30 }),
      eol: fc.constantFrom('\n', '\r\n'),
      finalEol: fc.boolean(),
    });

    fc.assert(
      fc.property(stream, ({ lines, eol, finalEol }) => {
        const text = lines.join(eol) + (finalEol && lines.length ? eol : '');

        const { segments } = splitDocuments(text);

        expect(segments.map((s) => s.text).join('')).toBe(text);
        segments.forEach((s, i) => {
          expect(s.text).toBe(text.slice(s.start, s.end));
          expect(s.start).toBe(i === 0 ? 0 : segments[i - 1]!.end);
          if (i > 0) {
            const previous = segments[i - 1]!.text.split('\n').filter(
              (l, j, all) => j < all.length - 1 || l !== '',
            );
            const endsWithDocEnd = /^\.\.\.([ \t\r]|$)/.test(previous.at(-1) ?? '');
            expect(/^---([ \t\r\n]|$)/.test(s.text) || endsWithDocEnd).toBe(true);
          }
          const inner = s.text.split('\n').slice(1);
          for (const l of inner) expect(l).not.toMatch(/^---([ \t\r]|$)/);
        });
        expect(segments.at(-1)!.end).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('finds the markers a multi-line regular expression finds, whatever the line breaks and marks', () => {
    // The definition the fast search must agree with: ^ and $ as JavaScript's multi-line mode has them.
    const reference = (text: string) => {
      const starts = [0];
      const add = (start: number) => {
        if (start !== starts[starts.length - 1] && start < text.length) starts.push(start);
      };
      let hasDirectives = false;
      const marker = /^\uFEFF?(?:(---)(?=[ \t\r\n]|$)|(\.\.\.)(?=[ \t\r\n]|$)[^\n]*(?:\n|$)|%)/gm;
      for (let m = marker.exec(text); m; m = marker.exec(text)) {
        if (m[1]) add(m.index + (m[0].startsWith('\uFEFF') ? 1 : 0));
        else if (m[2]) add(m.index + m[0].length);
        else hasDirectives = true;
      }
      return { starts, hasDirectives };
    };
    const piece = fc.constantFrom(
      '---',
      '...',
      '%',
      '%YAML 1.2',
      '----',
      '....',
      '-- -',
      '.. .',
      'a: 1',
      ' ',
      '\t',
      '#',
      'x',
      '\n',
      '\r\n',
      '\r',
      '\u2028',
      '\u2029',
      '\uFEFF',
      '50%',
      'k: "---"',
      '... # end',
      '--- {a: 1}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const { segments, hasDirectives } = splitDocuments(text);
        const expected = reference(text);
        expect(segments.map((s) => s.start)).toEqual(expected.starts);
        expect(hasDirectives).toBe(expected.hasDirectives);
      }),
      { numRuns: 3000 },
    );
  });
});
