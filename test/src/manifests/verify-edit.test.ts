import { describe, expect, it } from 'vitest';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { spliceVersions } from '../../../src/manifests/splice.ts';
import { verifyEdit } from '../../../src/manifests/verify-edit.ts';

const TEXT = `# promtail
---
apiVersion: v1
kind: Namespace
metadata: { name: logging }
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: promtail, namespace: logging }
spec:
  chart:
    spec:
      chart: promtail
      version: 6.15.3
  values:
    a: &x { b: 1 }
    c: *x
`;

const field = () => findVersionFields([readManifest('p.yaml', TEXT).file!], 'promtail').fields[0]!;

describe('verifyEdit', () => {
  it('accepts a splice that changes only the version', () => {
    const after = spliceVersions(TEXT, [{ field: field(), to: '6.16.0' }]);

    expect(verifyEdit(TEXT, after, [{ field: field(), to: '6.16.0' }])).toBeUndefined();
  });

  it('refuses a text whose values differ from the original elsewhere', () => {
    const after = TEXT.replace('6.15.3', '6.16.0').replace('b: 1', 'b: 2');

    expect(verifyEdit(TEXT, after, [{ field: field(), to: '6.16.0' }])).toBe(
      'the edited document does not read as the original with only the version changed',
    );
  });

  it('refuses a text that changed a document holding no edited version', () => {
    const after = TEXT.replace('6.15.3', '6.16.0').replace('name: logging }', 'name: logs }');

    expect(verifyEdit(TEXT, after, [{ field: field(), to: '6.16.0' }])).toBe(
      'document 2 changed although no version in it was edited',
    );
  });

  it('refuses a text that no longer parses', () => {
    const after = TEXT.replace('6.15.3', '6.16.0').replace('c: *x', 'c: [*x');

    expect(verifyEdit(TEXT, after, [{ field: field(), to: '6.16.0' }])).toMatch(
      /^the edited file does not parse: /,
    );
  });

  it('refuses to edit a file that did not parse before (an error hidden in its values)', () => {
    // The field is found in the sound file: reading the broken one already reports the duplicate.
    const broken = TEXT.replace('c: *x', 'c: *x\n    c: 2');
    const brokenField = field();
    const after = spliceVersions(broken, [{ field: brokenField, to: '6.16.0' }]);

    expect(verifyEdit(broken, after, [{ field: brokenField, to: '6.16.0' }])).toBe(
      'the file does not parse (Map keys must be unique); GUARD does not edit it',
    );
  });

  it('refuses a version that reads back as something else', () => {
    const after = TEXT.replace('6.15.3', '6.17.0');

    expect(verifyEdit(TEXT, after, [{ field: field(), to: '6.16.0' }])).toBe(
      'the edited document does not read as the original with only the version changed',
    );
  });
});
