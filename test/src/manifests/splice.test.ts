import { describe, expect, it } from 'vitest';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { SpliceError, spliceVersions } from '../../../src/manifests/splice.ts';
import type { VersionField } from '../../../src/manifests/version-field.ts';

function fieldsOf(text: string, chart: string, path = 'clusters/prod/apps.yaml'): VersionField[] {
  const read = readManifest(path, text);
  if (!read.file) throw new Error(read.diagnostics.map((d) => d.message).join('\n'));
  return findVersionFields([read.file], chart).fields;
}

function release(version: string): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata: {name: podinfo, namespace: apps}',
    'spec:',
    '  chart:',
    '    spec:',
    '      chart: podinfo',
    `      version: ${version}`,
    '',
  ].join('\n');
}

describe('spliceVersions examples', () => {
  it.each([
    ['6.5.4 # pinned', '6.6.0', '6.6.0 # pinned'],
    ['6.5.4 # pinned', 'v6.6.0-rc.1+build.5', 'v6.6.0-rc.1+build.5 # pinned'],
    ['6.5.4 # pinned', '1.20', '"1.20" # pinned'],
    ['6.5.4', 'true', '"true"'],
    ['6.5.4', 'null', '"null"'],
    ['6.5.4', '1e3', '"1e3"'],
    ['6.5.4', 'a # b', '"a # b"'],
    ['6.5.4', 'a: b', '"a: b"'],
    ['6.5.4', 'C:\\x "y"', '"C:\\\\x \\"y\\""'],
    ["'6.5.4'   # single", "it's", "'it''s'   # single"],
    ["'6.5.4'", '1.20', "'1.20'"],
    ['"6.5.4"', 'say "hi" \\', '"say \\"hi\\" \\\\"'],
    ['"6.5.4"', '1.20', '"1.20"'],
  ])('rewrites version %s to %j as %s', (from, to, written) => {
    const text = release(from);
    const [field] = fieldsOf(text, 'podinfo');

    const out = spliceVersions(text, [{ field: field!, to }]);

    expect(out).toBe(release(written));
    expect(fieldsOf(out, 'podinfo').map((f) => f.value)).toEqual([to]);
  });

  it('edits a plain version inside a flow mapping without touching the braces around it', () => {
    const text =
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: p}\nspec:\n  chart: {spec: {chart: podinfo, version: 6.5.4}}\n';
    const [field] = fieldsOf(text, 'podinfo');

    const out = spliceVersions(text, [{ field: field!, to: '1.20' }]);

    expect(out).toBe(text.replace('version: 6.5.4}', 'version: "1.20"}'));
  });

  it('refuses two edits of the same field', () => {
    const text = release('6.5.4');
    const [field] = fieldsOf(text, 'podinfo');

    const act = () =>
      spliceVersions(text, [
        { field: field!, to: '6.6.0' },
        { field: field!, to: '6.7.0' },
      ]);

    expect(act).toThrow(SpliceError);
  });

  it('refuses to edit a file that changed since its fields were found', () => {
    const text = release('6.5.4');
    const [field] = fieldsOf(text, 'podinfo');
    const changed = text.replace('6.5.4', '6.5.5');

    const act = () => spliceVersions(changed, [{ field: field!, to: '6.6.0' }]);

    expect(act).toThrow(SpliceError);
  });

  it('edits the second of two documents without touching the first', () => {
    const text = `${release("'6.5.4'")}---\n${release('6.5.4 # second')}`;
    const fields = fieldsOf(text, 'podinfo');

    const out = spliceVersions(text, [{ field: fields[1]!, to: '6.6.0' }]);

    expect(out).toBe(`${release("'6.5.4'")}---\n${release('6.6.0 # second')}`);
  });
});
