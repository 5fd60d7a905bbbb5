import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.ts';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import { spliceVersions } from '../../../src/manifests/splice.ts';
import type { VersionField } from '../../../src/manifests/version-field.ts';
import { loadCorpus, readFields } from './corpus.ts';

const MiB = 1024 * 1024;

/** Reads `text` as the manifest at `path` and looks for `chart`; a refused file yields its diagnostics. */
function find(
  text: string,
  chart: string,
  path = 'clusters/prod/apps.yaml',
): { fields: VersionField[]; diagnostics: Diagnostic[] } {
  const read = readManifest(path, text);
  if (!read.file) return { fields: [], diagnostics: read.diagnostics };
  return findVersionFields([read.file], chart);
}

/** Offset of the only occurrence of `needle` in `text`. */
function offsetOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0 || text.indexOf(needle, at + 1) >= 0) throw new Error(`'${needle}' must occur exactly once`);
  return at;
}

function helmRelease(apiVersion: string, version: string, chart = 'podinfo'): string {
  return [
    `apiVersion: ${apiVersion}`,
    'kind: HelmRelease',
    'metadata:',
    '  name: podinfo',
    '  namespace: apps',
    'spec:',
    '  interval: 10m',
    '  chart:',
    '    spec:',
    `      chart: ${chart}`,
    `      version: ${version}`,
    '      sourceRef: {kind: HelmRepository, name: podinfo}',
    '',
  ].join('\n');
}

/** A HelmRelease whose version is an alias of an anchor set in its labels. */
function aliasedVersion(): string {
  return helmRelease('helm.toolkit.fluxcd.io/v2', '*v').replace(
    '  namespace: apps\n',
    '  namespace: apps\n  labels: {chart-version: &v 6.5.4}\n',
  );
}

function ociPair(ociApiVersion: string, ref: string): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    '  name: podinfo',
    '  namespace: apps',
    'spec:',
    '  interval: 10m',
    '  chartRef:',
    '    kind: OCIRepository',
    '    name: podinfo',
    '---',
    `apiVersion: ${ociApiVersion}`,
    'kind: OCIRepository',
    'metadata:',
    '  name: podinfo',
    '  namespace: apps',
    'spec:',
    '  interval: 10m',
    '  url: oci://ghcr.io/stefanprodan/charts/podinfo',
    ref,
    '',
  ].join('\n');
}

describe('the manifest corpus index', () => {
  for (const file of loadCorpus())
    it(`lists exactly the versions findVersionFields reports for ${file.name}`, () => {
      const charts = Object.keys(file.charts);

      const found = charts.map((chart) => ({ chart, ...readFields(file.file, file.text, [chart]) }));

      for (const { chart, fields, diagnostics } of found) {
        expect(diagnostics).toEqual([]);
        expect(fields.map((f) => f.value)).toEqual(file.charts[chart]);
        for (const f of fields) expect(f.chart).toBe(chart);
      }
    });
});

describe('findVersionFields for each resource kind', () => {
  it.each(['helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta1', 'helm.toolkit.fluxcd.io/v2beta2'])(
    'finds spec.chart.spec.version of a Flux HelmRelease %s',
    (apiVersion) => {
      const text = helmRelease(apiVersion, '6.5.4');

      const { fields, diagnostics } = find(text, 'podinfo');

      const start = offsetOf(text, '6.5.4');
      expect(diagnostics).toEqual([]);
      expect(fields).toEqual([
        expect.objectContaining({
          file: 'clusters/prod/apps.yaml',
          chart: 'podinfo',
          resource: 'HelmRelease apps/podinfo',
          field: 'spec.chart.spec.version',
          astPath: ['spec', 'chart', 'spec', 'version'],
          docIndex: 0,
          start,
          end: start + 5,
          value: '6.5.4',
          style: 'plain',
        }),
      ]);
    },
  );

  it.each([
    ['source.toolkit.fluxcd.io/v1beta2', 'tag', "  ref:\n    tag: '6.5.4'", 'single'],
    ['source.toolkit.fluxcd.io/v1', 'semver', '  ref:\n    semver: "6.5.4"', 'double'],
  ])(
    'follows a HelmRelease spec.chartRef to the spec.ref.%s of a %s OCIRepository',
    (apiVersion, key, ref, style) => {
      const text = ociPair(apiVersion, ref);

      const { fields, diagnostics } = find(text, 'podinfo');

      const start = offsetOf(text, '6.5.4') - 1;
      expect(diagnostics).toEqual([]);
      expect(fields).toEqual([
        expect.objectContaining({
          resource: 'OCIRepository apps/podinfo (chartRef of HelmRelease apps/podinfo)',
          field: `spec.ref.${key}`,
          astPath: ['spec', 'ref', key],
          docIndex: 1,
          start,
          end: start + 7,
          value: '6.5.4',
          style,
        }),
      ]);
    },
  );

  it('takes an OCIRepository chart name from the last path segment of spec.url, past a registry port', () => {
    const text = ociPair('source.toolkit.fluxcd.io/v1', '  ref:\n    tag: 6.5.4').replace(
      'oci://ghcr.io/stefanprodan/charts/podinfo',
      'oci://registry.example.com:5000/charts/podinfo',
    );

    const byChart = find(text, 'podinfo');
    const byFolder = find(text, 'charts');

    expect(byChart.fields.map((f) => f.value)).toEqual(['6.5.4']);
    expect(byFolder).toEqual({ fields: [], diagnostics: [] });
  });

  it('resolves a chartRef to the OCIRepository in the HelmRelease namespace when two share a name', () => {
    const oci = (namespace: string, tag: string) =>
      [
        '---',
        'apiVersion: source.toolkit.fluxcd.io/v1',
        'kind: OCIRepository',
        `metadata: {name: podinfo, namespace: ${namespace}}`,
        'spec:',
        '  url: oci://ghcr.io/stefanprodan/charts/podinfo',
        `  ref: {tag: ${tag}}`,
        '',
      ].join('\n');
    const release = ociPair('source.toolkit.fluxcd.io/v1', '  ref: {tag: 0.0.0}').split('---')[0]!;
    const text = `${oci('staging', '6.4.0')}${oci('apps', '6.5.4')}---\n${release}`;

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => [f.resource, f.value])).toEqual([
      ['OCIRepository apps/podinfo (chartRef of HelmRelease apps/podinfo)', '6.5.4'],
    ]);
  });

  it('reports no field for an OCIRepository that no HelmRelease references', () => {
    const text = ociPair('source.toolkit.fluxcd.io/v1', '  ref:\n    tag: 6.5.4').split('---\n')[1]!;

    const result = find(text, 'podinfo');

    expect(result).toEqual({ fields: [], diagnostics: [] });
  });

  it('finds spec.source.targetRevision of an Argo CD Application', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: podinfo, namespace: argocd}',
      'spec:',
      '  source:',
      '    repoURL: https://stefanprodan.github.io/podinfo',
      '    chart: podinfo',
      '    targetRevision: 6.5.4',
      '  destination: {server: "https://kubernetes.default.svc", namespace: apps}',
      '',
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo');

    const start = offsetOf(text, '6.5.4');
    expect(diagnostics).toEqual([]);
    expect(fields).toEqual([
      expect.objectContaining({
        resource: 'Application argocd/podinfo',
        field: 'spec.source.targetRevision',
        astPath: ['spec', 'source', 'targetRevision'],
        start,
        end: start + 5,
        value: '6.5.4',
        style: 'plain',
      }),
    ]);
  });

  it('finds only the spec.sources[] entry of an Argo CD Application whose chart matches', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: podinfo, namespace: argocd}',
      'spec:',
      '  sources:',
      '  - repoURL: https://github.com/example/fleet.git',
      '    targetRevision: main',
      '    ref: values',
      '  - repoURL: https://stefanprodan.github.io/podinfo',
      '    chart: podinfo-crds',
      '    targetRevision: 1.0.0',
      '  - repoURL: https://stefanprodan.github.io/podinfo',
      '    chart: podinfo',
      "    targetRevision: '6.5.4'",
      '',
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([]);
    expect(fields).toEqual([
      expect.objectContaining({
        resource: 'Application argocd/podinfo',
        field: 'spec.sources[2].targetRevision',
        astPath: ['spec', 'sources', 2, 'targetRevision'],
        start: offsetOf(text, "'6.5.4'"),
        value: '6.5.4',
        style: 'single',
      }),
    ]);
  });

  it('finds helmCharts[].version of a kustomize Kustomization', () => {
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'helmCharts:',
      '- name: podinfo-crds',
      '  version: 1.0.0',
      '- name: podinfo',
      '  repo: https://stefanprodan.github.io/podinfo',
      '  version: "6.5.4"',
      '',
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo', 'apps/podinfo/kustomization.yaml');

    expect(diagnostics).toEqual([]);
    expect(fields).toEqual([
      expect.objectContaining({
        resource: 'Kustomization helmCharts[1] podinfo',
        field: 'helmCharts[1].version',
        astPath: ['helmCharts', 1, 'version'],
        start: offsetOf(text, '"6.5.4"'),
        value: '6.5.4',
        style: 'double',
      }),
    ]);
  });

  it('matches kustomize images[].name to the chart by the last segment of the image name', () => {
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1',
      'kind: Kustomization',
      'images:',
      '- {name: podinfo, newTag: 6.0.1}',
      '- {name: ghcr.io/stefanprodan/podinfo, newTag: 6.0.2}',
      '- {name: registry.example.com:5000/mirror/podinfo, newTag: 6.0.3}',
      '- {name: ghcr.io/stefanprodan/podinfo-ui, newTag: 6.0.4}',
      '- {name: ghcr.io/podinfo/backend, newTag: 6.0.5}',
      '- {name: mypodinfo, newTag: 6.0.6}',
      '- {name: ghcr.io/stefanprodan/mypodinfo, newTag: 6.0.7}',
      '',
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo', 'apps/kustomization.yaml');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => [f.resource, f.field, f.value])).toEqual([
      ['Kustomization images[0] podinfo', 'images[0].newTag', '6.0.1'],
      ['Kustomization images[1] ghcr.io/stefanprodan/podinfo', 'images[1].newTag', '6.0.2'],
      ['Kustomization images[2] registry.example.com:5000/mirror/podinfo', 'images[2].newTag', '6.0.3'],
    ]);
  });

  it('recognises a kustomization.yaml without apiVersion and kind by its file name', () => {
    const text = 'helmCharts:\n- name: podinfo\n  version: 6.5.4\n';

    const named = find(text, 'podinfo', 'apps/podinfo/kustomization.yaml');
    const other = find(text, 'podinfo', 'apps/podinfo/values.yaml');

    expect(named.fields.map((f) => f.value)).toEqual(['6.5.4']);
    expect(other).toEqual({ fields: [], diagnostics: [] });
  });

  it.each([
    ['does not treat', 'kustomize.toolkit.fluxcd.io/v1', []],
    ['treats', 'kustomize.config.k8s.io/v1beta1', ['6.5.4', '1.2.3']],
  ])('%s a %s Kustomization as a kustomize config', (_, apiVersion, expected) => {
    const text = [
      `apiVersion: ${apiVersion}`,
      'kind: Kustomization',
      'metadata: {name: apps, namespace: flux-system}',
      'spec:',
      '  interval: 10m',
      '  path: ./apps',
      '  sourceRef: {kind: GitRepository, name: fleet}',
      '  images:',
      '  - {name: ghcr.io/stefanprodan/podinfo, newTag: 9.9.9}',
      'helmCharts:',
      '- {name: podinfo, version: 6.5.4}',
      'images:',
      '- {name: ghcr.io/stefanprodan/podinfo, newTag: 1.2.3}',
      '',
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo', 'clusters/prod/kustomization.yaml');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => f.value)).toEqual(expected);
  });

  it('does not match a chart whose name merely contains or extends the one asked for', () => {
    const application = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: podinfo2}',
      'spec:',
      '  source: {repoURL: "https://example.com/charts", chart: podinfo2, targetRevision: 1.0.0}',
      '',
    ].join('\n');
    const text = `${helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4', 'podinfo-ui')}---\n${application}`;

    const asked = find(text, 'podinfo');
    const part = find(text, 'info');

    expect(asked).toEqual({ fields: [], diagnostics: [] });
    expect(part).toEqual({ fields: [], diagnostics: [] });
  });

  it('does not look into block scalars or comments that quote a manifest', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: example}',
      'data:',
      '  # version: 1.0.0 of a HelmRelease',
      '  helmrelease.yaml: |',
      '    apiVersion: helm.toolkit.fluxcd.io/v2',
      '    kind: HelmRelease',
      '    spec: {chart: {spec: {chart: podinfo, version: 1.0.0}}}',
      '',
    ].join('\n');

    const result = find(text, 'podinfo');

    expect(result).toEqual({ fields: [], diagnostics: [] });
  });
});

describe('findVersionFields refusals', () => {
  it('refuses a version given by an alias', () => {
    const text = aliasedVersion();

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'clusters/prod/apps.yaml',
        field: 'spec.chart.spec.version',
        message:
          'HelmRelease apps/podinfo: spec.chart.spec.version is an alias (*v); GUARD edits only literal versions',
        severity: 'error',
      }),
    ]);
  });

  it('refuses a version scalar that carries an anchor', () => {
    const text = `${helmRelease('helm.toolkit.fluxcd.io/v2', '&v 6.5.4')}  values:\n    image: {tag: *v}\n`;

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        field: 'spec.chart.spec.version',
        message:
          'HelmRelease apps/podinfo: spec.chart.spec.version carries an anchor (&v) that other places may alias; remove it so the edit stays local',
        severity: 'error',
      }),
    ]);
  });

  it.each(['|\n        6.5.4', '>-\n        6.5.4', '|-\n        6.5.4\n'])(
    'refuses a block scalar version (%j)',
    (version) => {
      const text = helmRelease('helm.toolkit.fluxcd.io/v2', version);

      const { fields, diagnostics } = find(text, 'podinfo');

      expect(fields).toEqual([]);
      expect(diagnostics).toEqual([
        expect.objectContaining({
          field: 'spec.chart.spec.version',
          message:
            'HelmRelease apps/podinfo: spec.chart.spec.version is a block scalar; write the version on one line',
          severity: 'error',
        }),
      ]);
    },
  );

  it('refuses a version key with no value', () => {
    const text = helmRelease('helm.toolkit.fluxcd.io/v2', '');

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ field: 'spec.chart.spec.version', severity: 'error' }),
    ]);
  });

  it.each(['""', "''", '~', 'null', 'Null'])('refuses an empty or null version (%s)', (version) => {
    const text = helmRelease('helm.toolkit.fluxcd.io/v2', version);

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        field: 'spec.chart.spec.version',
        message: 'HelmRelease apps/podinfo: spec.chart.spec.version is empty',
      }),
    ]);
  });

  it('refuses a HelmRelease that sets the chart but no version', () => {
    const text = helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4').replace('      version: 6.5.4\n', '');

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        field: 'spec.chart.spec.version',
        message:
          "HelmRelease apps/podinfo: sets chart 'podinfo' but has no spec.chart.spec.version; GUARD needs a pinned version",
        severity: 'error',
      }),
    ]);
  });

  it('refuses an Argo CD source that sets the chart but no targetRevision', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: podinfo, namespace: argocd}',
      'spec:',
      '  sources:',
      '  - {repoURL: "https://github.com/example/fleet.git", targetRevision: main, ref: values}',
      '  - {repoURL: "https://stefanprodan.github.io/podinfo", chart: podinfo}',
      '',
    ].join('\n');

    const { diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([
      expect.objectContaining({
        field: 'spec.sources[1].targetRevision',
        message:
          "Application argocd/podinfo: sets chart 'podinfo' but has no spec.sources[1].targetRevision; GUARD needs a pinned version",
      }),
    ]);
  });

  it.each([
    ['no ref at all', '  suspend: false'],
    ['a ref with a branch-like key only', '  ref:\n    other: x'],
  ])('refuses an OCIRepository reached through chartRef with neither tag nor semver (%s)', (_, ref) => {
    const text = ociPair('source.toolkit.fluxcd.io/v1beta2', ref);

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(fields).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        field: 'spec.ref.tag',
        message:
          "OCIRepository apps/podinfo (chartRef of HelmRelease apps/podinfo): sets chart 'podinfo' but has no spec.ref.tag; GUARD needs a pinned version",
        severity: 'error',
      }),
    ]);
  });

  it('accepts a version in a file that uses anchors and aliases elsewhere', () => {
    const text = `${helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4')}  values:\n    a: &res {cpu: 1}\n    b: *res\n`;

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => f.value)).toEqual(['6.5.4']);
  });
});

describe('positions of fields and refusals', () => {
  it('reports the 1-based line and column of the version scalar', () => {
    const text = helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4');

    const { fields } = find(text, 'podinfo');

    expect(fields.map((f) => [f.line, f.col])).toEqual([[11, 16]]);
  });

  it('reports line 1 for a version on the first line of the file', () => {
    const text = 'images: [{name: podinfo, newTag: 6.5.4}]\n';

    const { fields } = find(text, 'podinfo', 'kustomization.yaml');

    expect(fields.map((f) => [f.line, f.col])).toEqual([[1, 34]]);
  });

  it('reports the line and column of an alias version', () => {
    const text = aliasedVersion();

    const { diagnostics } = find(text, 'podinfo');

    expect(diagnostics.map((d) => [d.line, d.col])).toEqual([[12, 16]]);
  });

  it('points a missing version at the map that should hold it', () => {
    const text = helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4').replace('      version: 6.5.4\n', '');

    const { diagnostics } = find(text, 'podinfo');

    expect(diagnostics.map((d) => [d.line, d.col])).toEqual([[10, 7]]);
  });

  it.each([
    ['a digest only', '  ref:\n    digest: sha256:abc'],
    ['a digest beside a tag', '  ref:\n    digest: sha256:abc\n    tag: 6.5.4'],
  ])(
    'refuses an OCIRepository whose ref pins a digest, which Flux prefers to tag and semver (%s)',
    (_, ref) => {
      const text = ociPair('source.toolkit.fluxcd.io/v1beta2', ref);

      const { fields, diagnostics } = find(text, 'podinfo');

      expect(fields).toEqual([]);
      expect(diagnostics).toEqual([
        expect.objectContaining({
          line: 21,
          col: 13,
          field: 'spec.ref.digest',
          message:
            'OCIRepository apps/podinfo (chartRef of HelmRelease apps/podinfo): spec.ref.digest pins the chart, and Flux prefers it to tag and semver; remove the digest so GUARD can upgrade by tag',
        }),
      ]);
    },
  );

  it('reports the line and column of a version in a CRLF file as in its LF twin', () => {
    const lf = helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4');

    const crlf = find(lf.replace(/\n/g, '\r\n'), 'podinfo');

    expect(crlf.fields.map((f) => [f.line, f.col])).toEqual([[11, 16]]);
  });
});

describe('readManifest limits', () => {
  /** A HelmRelease padded with a trailing comment to exactly `bytes` UTF-8 bytes. */
  function padded(bytes: number, fill = 'x'): string {
    const head = `${helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4')}# `;
    const room = bytes - Buffer.byteLength(head, 'utf8') - 1;
    const unit = Buffer.byteLength(fill, 'utf8');
    return `${head}${fill.repeat(Math.floor(room / unit))}${'x'.repeat(room % unit)}\n`;
  }

  it('reads a file of exactly 1 MiB', () => {
    const text = padded(MiB);

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(Buffer.byteLength(text, 'utf8')).toBe(MiB);
    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => f.value)).toEqual(['6.5.4']);
  });

  it('refuses a file over 1 MiB before reading it', () => {
    const text = padded(MiB + 1);

    const read = readManifest('clusters/prod/apps.yaml', text);

    expect(read.file).toBeUndefined();
    expect(read.diagnostics).toEqual([
      {
        file: 'clusters/prod/apps.yaml',
        line: 1,
        col: 1,
        message: 'file is 1048577 bytes; GUARD reads YAML files up to 1048576 bytes',
        severity: 'error',
      },
    ]);
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const text = padded(MiB + 2, 'é');

    const read = readManifest('clusters/prod/apps.yaml', text);

    expect(text.length).toBeLessThan(MiB);
    expect(read.file).toBeUndefined();
    expect(read.diagnostics.map((d) => d.message)).toEqual([
      'file is 1048578 bytes; GUARD reads YAML files up to 1048576 bytes',
    ]);
  });

  /** `count` documents: ConfigMaps, with a HelmRelease last. */
  function documents(count: number, separator = '---\n'): string {
    const docs = Array.from(
      { length: count - 1 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`,
    );
    return [...docs, helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4')].join(separator);
  }

  it('reads a file of exactly 50 documents', () => {
    const text = documents(50);

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => [f.value, f.docIndex])).toEqual([['6.5.4', 49]]);
  });

  it('refuses a file of more than 50 documents, pointing at the marker of the 51st', () => {
    const text = documents(51);

    const read = readManifest('clusters/prod/apps.yaml', text);

    expect(read.file).toBeUndefined();
    expect(read.diagnostics).toEqual([
      {
        file: 'clusters/prod/apps.yaml',
        line: 50 * 4,
        col: 1,
        message: 'file has more than 50 YAML documents',
        severity: 'error',
      },
    ]);
  });

  it('counts a document closed by an explicit ... marker once', () => {
    const text = documents(30, '...\n---\n');

    const { fields, diagnostics } = find(text, 'podinfo');

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => f.value)).toEqual(['6.5.4']);
  });
});

describe('files with directives and document markers', () => {
  it('finds and splices a HelmRelease in a file with a %YAML 1.2 directive', () => {
    const text = [
      '%YAML 1.2',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: apps}',
      '---',
      helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4 # pinned'),
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo');
    const out = spliceVersions(text, [{ field: fields[0]!, to: '6.6.0' }]);

    expect(diagnostics).toEqual([]);
    expect(fields).toEqual([
      expect.objectContaining({
        start: offsetOf(text, '6.5.4'),
        end: offsetOf(text, '6.5.4') + 5,
        value: '6.5.4',
      }),
    ]);
    expect(out).toBe(text.replace('6.5.4 # pinned', '6.6.0 # pinned'));
    expect(find(out, 'podinfo').fields.map((f) => f.value)).toEqual(['6.6.0']);
  });

  it('finds and splices a HelmRelease that follows a ... marker without a ---', () => {
    const text = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: apps}',
      '...',
      helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4'),
    ].join('\n');

    const { fields, diagnostics } = find(text, 'podinfo');
    const out = fields[0] && spliceVersions(text, [{ field: fields[0], to: '6.6.0' }]);

    expect(diagnostics).toEqual([]);
    expect(fields.map((f) => [f.value, f.start])).toEqual([['6.5.4', offsetOf(text, '6.5.4')]]);
    expect(out).toBe(text.replace('6.5.4', '6.6.0'));
  });

  it('finds and splices a HelmRelease after a UTF-8 byte order mark and a --- on the first line', () => {
    const text = `\uFEFF--- # first document\n${helmRelease('helm.toolkit.fluxcd.io/v2', '6.5.4')}`;

    const { fields, diagnostics } = find(text, 'podinfo');
    const out = spliceVersions(text, [{ field: fields[0]!, to: '6.6.0' }]);

    expect(diagnostics).toEqual([]);
    expect(out).toBe(text.replace('6.5.4', '6.6.0'));
  });
});
