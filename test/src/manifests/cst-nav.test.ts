// valueAt and lastEntries remember, per template, where a frozen path leads only when the shape alone decides it:
// a key holding a replaced word is read in each document's own text.
import { describe, expect, it } from 'vitest';
import { getPath, lastEntries, mapGetAll, valueAt } from '../../../src/manifests/cst-nav.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { TemplateMemo } from '../../../src/yaml/template-memo.ts';

const release = (specKey: string, chart: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: r }\n${specKey}:\n  chart:\n    spec:\n      chart: ${chart}\n      version: 1.0.0\n`;

function docsOf(memo: TemplateMemo, ...texts: string[]) {
  return texts.map((text, i) => readManifest(`${i}.yaml`, text, undefined, memo).file!.docs[0]!);
}

const CHART = Object.freeze(['spec', 'chart', 'spec', 'chart']);

describe('valueAt', () => {
  it('finds the same token through a frozen path as through a fresh one, in every document of a template', () => {
    const memo = new TemplateMemo();
    const docs = docsOf(memo, release('spec', 'istiod'), release('spec', 'gateway-with-a-long-name'));
    expect(docs[0]!.view.template).toBe(docs[1]!.view.template);
    for (const doc of docs) {
      const remembered = valueAt(doc.view, doc.root, CHART);
      expect(remembered).toBe(valueAt(doc.view, doc.root, ['spec', 'chart', 'spec', 'chart']));
      expect(valueAt(doc.view, doc.root, CHART)).toBe(remembered);
    }
    expect(docs.map((d) => d.view.scalar(valueAt(d.view, d.root, CHART)))).toEqual([
      'istiod',
      'gateway-with-a-long-name',
    ]);
  });

  it('reads a key holding a replaced word in each document, never from what another document found', () => {
    const memo = new TemplateMemo();
    // A quoted key is a word of the shape: "spec" and "spex" share one template.
    const [hit, miss] = docsOf(memo, release('"spec"', 'istiod'), release('"spex"', 'istiod'));
    expect(hit!.view.template).toBe(miss!.view.template);
    expect(hit!.view.scalar(valueAt(hit!.view, hit!.root, CHART))).toBe('istiod');
    expect(valueAt(miss!.view, miss!.root, CHART)).toBeUndefined();
    // And the other way round: a miss first must not hide the next document's value.
    const [first, second] = docsOf(new TemplateMemo(), release('"spex"', 'base'), release('"spec"', 'base'));
    expect(valueAt(first!.view, first!.root, CHART)).toBeUndefined();
    expect(second!.view.scalar(valueAt(second!.view, second!.root, CHART))).toBe('base');
  });
});

const versioned = (versionKey: string, version: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: r }\nspec:\n  chart:\n    spec:\n      chart: istiod\n      ${versionKey}: ${version}\n`;

const VERSION = Object.freeze(['spec', 'chart', 'spec', 'version']);

describe('lastEntries', () => {
  it('answers every document of a template as a fresh walk does, remembering the answer once', () => {
    const memo = new TemplateMemo();
    const docs = docsOf(memo, versioned('version', '1.19.5'), versioned('version', '"1.20.0-rc.1"'));
    const [a, b] = docs.map((d) => lastEntries(d.view, d.root, VERSION));
    expect(docs[0]!.view.template).not.toBe(docs[1]!.view.template); // plain and quoted differ
    const same = docsOf(memo, versioned('version', '1.19.4'))[0]!;
    expect(same.view.template).toBe(docs[0]!.view.template);
    expect(lastEntries(same.view, same.root, VERSION)).toBe(a);
    for (const [doc, place] of [
      [docs[0]!, a!],
      [docs[1]!, b!],
    ] as const) {
      const parent = getPath(doc.view, doc.root, VERSION, 3).found?.token;
      const fresh = mapGetAll(doc.view, parent, 'version');
      expect(place.entries.map((e) => e.token)).toEqual(fresh.map((e) => e.token));
    }
    expect(same.view.scalar(lastEntries(same.view, same.root, VERSION).entries[0]!.token)).toBe('1.19.4');
  });

  it('reads a key holding a replaced word in each document, never from what another document found', () => {
    const memo = new TemplateMemo();
    // A quoted key is a word of the shape: "version" and "versiom" share one template.
    const [hit, miss, again] = docsOf(
      memo,
      versioned('"version"', '1.19.5'),
      versioned('"versiom"', '1.19.5'),
      versioned('"version"', '1.19.6'),
    );
    expect(hit!.view.template).toBe(miss!.view.template);
    expect(lastEntries(hit!.view, hit!.root, VERSION).entries).toHaveLength(1);
    expect(lastEntries(miss!.view, miss!.root, VERSION).entries).toHaveLength(0);
    const found = lastEntries(again!.view, again!.root, VERSION).entries[0]!;
    expect(again!.view.scalar(found.token)).toBe('1.19.6');
  });
});
