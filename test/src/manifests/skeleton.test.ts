import { describe, expect, it } from 'vitest';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { type ParseMemo, readManifest } from '../../../src/manifests/manifest-file.ts';
import { documentShape, skeleton } from '../../../src/manifests/skeleton.ts';
import { spliceVersions } from '../../../src/manifests/splice.ts';

const RELEASE = (cluster: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: promtail, namespace: logging }
spec:
  chart:
    spec:
      chart: promtail
      version: 6.15.3
  values:
    config:
      clients:
        - url: https://loki.${cluster}.example.com
    tolerations:
    - operator: Exists
  # a comment between keys
  interval: 10m
`;

describe('skeleton', () => {
  it('blanks the body of a values block, keeping length and line breaks', () => {
    const text = RELEASE('c1');

    const shape = skeleton(text);

    expect(shape).toHaveLength(text.length);
    expect(shape.split('\n').map((l) => l.trim())).toEqual(
      text.split('\n').map((l, i, all) => {
        const start = all.indexOf('  values:');
        const end = all.indexOf('  interval: 10m');
        return i > start && i < end ? '' : l.trim();
      }),
    );
  });

  it('gives documents whose values differ, but not in length, the same skeleton', () => {
    expect(RELEASE('us-east-1')).not.toBe(RELEASE('eu-west-1'));

    expect(skeleton(RELEASE('us-east-1'))).toBe(skeleton(RELEASE('eu-west-1')));
  });

  it('keeps CRLF line breaks inside the blanked block', () => {
    const text = 'spec:\r\n  values:\r\n    a: 1\r\n  interval: 1m\r\n';

    expect(skeleton(text)).toBe('spec:\r\n  values:\r\n        \r\n  interval: 1m\r\n');
  });

  it('blanks a compact sequence written at the key’s own indent', () => {
    const text = 'values:\n- a\n- b\nnext: 1\n';

    expect(skeleton(text)).toBe('values:\n   \n   \nnext: 1\n');
  });

  it.each([
    ['a values block scalar', 'spec:\n  values: |\n    a: 1\n'],
    ['values on the key line', 'spec:\n  values: {a: 1}\n  b: 2\n'],
    ['a flow collection left open at a line end', 'spec: {\n  values:\n    {a: 1},\n  chart: x\n}\n'],
    ['no values at all', 'spec:\n  chart: x\n'],
  ])('leaves the text as it is with %s', (_, text) => {
    expect(skeleton(text)).toBe(text);
  });

  it('does not blank a document indented with tabs (it is parsed as written)', () => {
    const text = 'spec:\n  values:\n\ta: 1\n';

    expect(documentShape(text)).toBe(text);
  });
});

describe('readManifest with a shared parse memo', () => {
  it('finds each file’s own version and position when files share one skeleton', () => {
    const memo: ParseMemo = new Map();
    const a = readManifest('a.yaml', `# cluster a\n---\n${RELEASE('a')}`, undefined, memo).file!;
    const b = readManifest('b.yaml', `---\n${RELEASE('b')}`, undefined, memo).file!;

    const fa = findVersionFields([a], 'promtail').fields[0]!;
    const fb = findVersionFields([b], 'promtail').fields[0]!;

    expect(memo.size).toBe(1);
    expect([fa.file, fa.line, fa.col, fa.value]).toEqual(['a.yaml', 10, 16, '6.15.3']);
    expect([fb.file, fb.line, fb.col, fb.value]).toEqual(['b.yaml', 9, 16, '6.15.3']);
    expect(b.text.slice(fb.start, fb.end)).toBe('6.15.3');
  });

  it('confirms an edit once per shape and still splices every file exactly', () => {
    const confirmed = new Set<string>();
    const files = ['x', 'y'].map((c) => readManifest(`${c}.yaml`, RELEASE(c), undefined, new Map()).file!);

    const after = files.map((file) => {
      const field = findVersionFields([file], 'promtail').fields[0]!;
      return spliceVersions(file.text, [{ field, to: '6.16.0' }], { confirmed });
    });

    expect(after).toEqual(['x', 'y'].map((c) => RELEASE(c).replace('version: 6.15.3', 'version: 6.16.0')));
    expect(confirmed.size).toBe(1);
  });
});
