import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentHints, shapeDigest, splitOf } from '../../../src/manifests/document-hints.ts';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { splitDocuments } from '../../../src/manifests/segments.ts';
import { shapeOf } from '../../../src/yaml/shape.ts';
import { TemplateMemo } from '../../../src/yaml/template-memo.ts';
import { realisticIstio } from '../../bench/planner-realistic-fleet.ts';
import { FIXTURES, loadCorpus } from './corpus.ts';

/** Realistic fleet files, the corpus, and broken manifests. */
function files(): { name: string; text: string }[] {
  const out = loadCorpus().map((f) => ({ name: f.name, text: f.text }));
  for (let i = 0; i < 120; i += 1)
    for (const [file, text] of Object.entries(
      realisticIstio(i, `c${i}`, 'eu-west-1', i % 3 ? 'dev' : 'prod'),
    ))
      out.push({ name: `c${i}/${file}`, text });
  const bad = join(FIXTURES, '../bad-input');
  for (const entry of readdirSync(bad, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && /\.ya?ml$/.test(entry.name))
      out.push({ name: entry.name, text: readFileSync(join(entry.parentPath, entry.name), 'utf8') });
  out.push({ name: 'directives', text: '%YAML 1.2\n---\nkind: HelmRelease\n' });
  out.push({ name: 'empty', text: '' });
  return out;
}

/** What readManifest gives that planning reads: diagnostics, documents, their templates and texts. */
function reading(name: string, text: string, memo: TemplateMemo, hints = documentHints(text)) {
  const read = readManifest(name, text, undefined, memo, hints);
  return {
    diagnostics: read.diagnostics,
    split: read.file?.split,
    docs: read.file?.docs.map((d) => ({ index: d.index, shape: d.view.template.shape, start: d.view.start })),
    fields: read.file ? findVersionFields([read.file], 'istiod') : undefined,
  };
}

describe('document hints', () => {
  it('split a text as splitDocuments does, and name each document that may hold a version by its shape', () => {
    for (const { text } of files()) {
      const hints = documentHints(text)!;
      const split = splitDocuments(text);

      expect(splitOf(text, hints)).toEqual(split);
      for (const [i, s] of split.segments.entries())
        if (hints.shapes[i] !== null) expect(hints.shapes[i]).toBe(shapeDigest(text, s.start, s.end));
    }
  });

  it('give readManifest exactly what it finds without them, templates included', () => {
    const hinted = new TemplateMemo();
    const plain = new TemplateMemo();
    for (const { name, text } of files()) {
      const withHints = reading(name, text, hinted);
      const without = reading(name, text, plain, undefined);

      expect(withHints).toEqual(without);
    }
  });

  it('find a template by its shape’s digest once it is known, and by matching before', () => {
    const memo = new TemplateMemo();
    const istiod = (i: number) => {
      const text = realisticIstio(i, `c${i}`, 'eu-west-1', 'dev')['istio.yaml']!;
      const s = splitDocuments(text).segments.find((x) => x.text.includes('chart: istiod'))!;
      return { text, start: s.start, end: s.end, shape: shapeOf(text, s.start, s.end) };
    };
    const a = istiod(0);
    // Another cluster's istiod document of the same shape, in words of other widths.
    const b = Array.from({ length: 100 }, (_, i) => istiod(i + 1)).find((d) => d.shape === a.shape)!;
    expect(b.text.length).not.toBe(a.text.length);

    const first = memo.named(shapeDigest(a.text, a.start, a.end), a.text, a.start, a.end);
    const byMatching = memo.of(b.text, b.start, b.end);
    const byName = memo.named(shapeDigest(b.text, b.start, b.end), b.text, b.start, b.end);

    expect(byMatching).toBe(first);
    expect(byName).toBe(first);
    expect(memo.size).toBe(1);
  });

  it('are not made for a text readManifest refuses unread for its size', () => {
    expect(documentHints(`kind: HelmRelease\n#${'x'.repeat(1024 * 1024)}\n`)).toBeUndefined();
  });
});
