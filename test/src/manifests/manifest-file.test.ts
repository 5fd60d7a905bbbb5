import { describe, expect, it } from 'vitest';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { spliceVersions } from '../../../src/manifests/splice.ts';
import { TemplateMemo } from '../../../src/yaml/template-memo.ts';

/** A promtail release; `values` lines are indented under `spec.values`. The version is on line 8. */
const RELEASE = (name: string, version: string, values: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: ${name}, namespace: logging }
spec:
  chart:
    spec:
      chart: promtail
      version: ${version} # pinned
  values:
${values}  interval: 10m
`;

const VALUES_A = '    config:\n      clients:\n        - url: https://loki.us-east-1.example.com\n';
const VALUES_B =
  '    config:\n      clients:\n        - url: https://loki.ap-southeast-1.internal.example.org/push\n';

describe('readManifest', () => {
  it('reads documents whose names and values differ in width through one template, each at its own place', () => {
    const memo = new TemplateMemo();
    const a = readManifest(
      'a.yaml',
      `# cluster a\n---\n${RELEASE('promtail', '6.15.3', VALUES_A)}`,
      undefined,
      memo,
    );
    const b = readManifest(
      'b.yaml',
      `---\n${RELEASE('promtail-c00042', '"6.15.3"', VALUES_B)}`,
      undefined,
      memo,
    );

    const fa = findVersionFields([a.file!], 'promtail').fields[0]!;
    const fb = findVersionFields([b.file!], 'promtail').fields[0]!;

    expect(memo.size).toBe(2); // the quoted version is a shape of its own
    expect([fa.file, fa.line, fa.col, fa.value, fa.resource]).toEqual([
      'a.yaml',
      10,
      16,
      '6.15.3',
      'HelmRelease logging/promtail',
    ]);
    expect([fb.file, fb.line, fb.col, fb.value, fb.resource]).toEqual([
      'b.yaml',
      9,
      16,
      '6.15.3',
      'HelmRelease logging/promtail-c00042',
    ]);
    expect(b.file!.text.slice(fb.start, fb.end)).toBe('"6.15.3"');
  });

  it('parses one shape once for any number of files', () => {
    const memo = new TemplateMemo();

    for (const [i, values] of [VALUES_A, VALUES_B, VALUES_A.replace('east', 'west')].entries())
      readManifest(`c${i}.yaml`, RELEASE(`promtail-${i}`, `6.15.${i}`, values), undefined, memo);

    expect(memo.size).toBe(1);
  });

  it.each([
    [
      'an unclosed flow sequence',
      '    a: [1, 2\n',
      '10:8: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['a duplicate key', '    a: 1\n    a: 2\n', '11:5: invalid YAML: Map keys must be unique'],
    [
      'a duplicate quoted key',
      '    "a.b/c": 1\n    "a.b/c": 2\n',
      '11:5: invalid YAML: Map keys must be unique',
    ],
    ['a bad escape', '    a: "\\q"\n', '10:9: invalid YAML: Invalid escape sequence \\q'],
    [
      'a mis-indented key',
      '    a: 1\n     b: 2\n',
      '10:8: invalid YAML: Nested mappings are not allowed in compact mappings',
    ],
    [
      'a bad block scalar header',
      '    a: |x\n      t\n',
      '10:9: invalid YAML: Block scalar header includes extra characters: |x',
    ],
  ])('reports %s inside a HelmRelease values block at its line', (_, values, message) => {
    const read = readManifest('p.yaml', RELEASE('promtail', '6.15.3', values), undefined, new TemplateMemo());

    expect(read.file).toBeUndefined();
    expect(read.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([message]);
  });

  it('reports the error in each file of a shared shape, as its own text has it', () => {
    const memo = new TemplateMemo();
    const sound = '    "team.example.com/owner": a\n    "team.example.com/cost": b\n';
    const repeated = '    "team.example.com/owner": a\n    "team.example.com/owner": b\n';

    const first = readManifest('a.yaml', RELEASE('promtail', '6.15.3', sound), undefined, memo);
    const second = readManifest('b.yaml', RELEASE('promtail', '6.15.3', repeated), undefined, memo);

    expect(memo.size).toBe(1);
    expect(first.diagnostics).toEqual([]);
    expect(second.diagnostics.map((d) => d.message)).toEqual(['invalid YAML: Map keys must be unique']);
  });
});

describe('spliceVersions on files read through one template', () => {
  it('splices each file exactly, the new version where its own old one was', () => {
    const memo = new TemplateMemo();
    const texts = [RELEASE('a', '6.15.3', VALUES_A), RELEASE('bbbbbbbb', '6.9.10', VALUES_B)];
    const files = texts.map((t, i) => readManifest(`${i}.yaml`, t, undefined, memo).file!);

    const after = files.map((file) => {
      const field = findVersionFields([file], 'promtail').fields[0]!;
      const viewOf = (i: number) => file.docs.find((d) => d.index === i)?.view;
      return spliceVersions(file.text, [{ field, to: '6.16.0' }], { viewOf, memo });
    });

    expect(after).toEqual([RELEASE('a', '6.16.0', VALUES_A), RELEASE('bbbbbbbb', '6.16.0', VALUES_B)]);
  });

  it('confirms an edit that must add quotes, and reads the new version back', () => {
    const memo = new TemplateMemo();
    const texts = [RELEASE('a', '6.15.3', VALUES_A), RELEASE('b', '6.15.3', VALUES_B)];

    const after = texts.map((text, i) => {
      const file = readManifest(`${i}.yaml`, text, undefined, memo).file!;
      const field = findVersionFields([file], 'promtail').fields[0]!;
      return spliceVersions(text, [{ field, to: '6.20' }], { memo });
    });

    expect(after).toEqual([RELEASE('a', '"6.20"', VALUES_A), RELEASE('b', '"6.20"', VALUES_B)]);
    for (const text of after)
      expect(findVersionFields([readManifest('x.yaml', text).file!], 'promtail').fields[0]!.value).toBe(
        '6.20',
      );
  });
});
